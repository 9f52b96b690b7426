import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { listMailbox, mailboxVisibleTo } from "@/lib/mail/mailbox";
import { listDevSms } from "@/lib/sms/mailbox";
import { SmsList } from "./sms-list";

export const metadata: Metadata = { title: "Dev mailbox" };

export default async function MailboxPage() {
  if (!mailboxVisibleTo(await headers())) notFound();
  const [messages, texts] = await Promise.all([listMailbox(), listDevSms()]);
  return (
    <main className="mx-auto max-w-4xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Dev mailbox</h1>
      <p className="mt-1 text-sm text-zinc-600">
        No email provider is configured, so emails are kept here instead of being sent. Set RESEND_API_KEY to send real email.
      </p>
      <nav className="mt-4 flex gap-4 text-sm" aria-label="Mailbox sections">
        <a href="#emails" className="font-medium text-zinc-700 underline-offset-4 hover:underline">
          Emails ({messages.length})
        </a>
        <a href="#texts" className="font-medium text-zinc-700 underline-offset-4 hover:underline">
          Text messages ({texts.length})
        </a>
      </nav>
      <h2 id="emails" className="mt-6 text-lg font-semibold">
        Emails
      </h2>
      {messages.length === 0 ? (
        <p className="mt-4 text-zinc-600">No emails yet.</p>
      ) : (
        <ul className="mt-4 divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white" data-testid="mailbox">
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
      <h2 id="texts" className="mt-10 text-lg font-semibold">
        Text messages (SMS)
      </h2>
      <p className="mt-1 text-sm text-zinc-600">Kept here while no SMS provider is configured. Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM to send real texts.</p>
      <SmsList messages={texts} />
    </main>
  );
}
