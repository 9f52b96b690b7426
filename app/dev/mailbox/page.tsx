import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { listMailbox, mailboxVisibleTo } from "@/lib/mail/mailbox";

export const metadata: Metadata = { title: "Dev mailbox" };

export default async function MailboxPage() {
  if (!mailboxVisibleTo(await headers())) notFound();
  const messages = await listMailbox();
  return (
    <main className="mx-auto max-w-4xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Dev mailbox</h1>
      <p className="mt-1 text-sm text-zinc-600">
        No email provider is configured, so emails are kept here instead of being sent. Set RESEND_API_KEY to send real email.
      </p>
      {messages.length === 0 ? (
        <p className="mt-8 text-zinc-600">No emails yet.</p>
      ) : (
        <ul className="mt-6 divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white" data-testid="mailbox">
          {messages.map((m) => (
            <li key={m.id}>
              <Link href={`/dev/mailbox/${m.id}`} className="flex flex-col gap-0.5 px-4 py-3 hover:bg-zinc-50 sm:flex-row sm:items-center sm:justify-between">
                <span>
                  <span className="block font-medium">{m.subject}</span>
                  <span className="block text-sm text-zinc-600">To: {m.to}</span>
                </span>
                <time className="text-xs text-zinc-500" dateTime={m.createdAt.toISOString()}>
                  {m.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
