import Link from "next/link";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { getMailboxMessage, mailboxVisibleTo } from "@/lib/mail/mailbox";

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  if (!mailboxVisibleTo(await headers())) notFound();
  const { id } = await params;
  const m = await getMailboxMessage(id);
  if (!m) notFound();
  return (
    <main className="mx-auto max-w-4xl px-4 py-8">
      <Link href="/dev/mailbox" className="text-sm text-accent underline underline-offset-4">
        ← All emails
      </Link>
      <h1 className="mt-3 text-2xl font-semibold">{m.subject}</h1>
      <dl className="mt-2 grid grid-cols-[5rem_1fr] gap-y-1 text-sm">
        <dt className="text-zinc-500">From</dt>
        <dd>{m.fromEmail}</dd>
        <dt className="text-zinc-500">To</dt>
        <dd>{m.toEmail}</dd>
      </dl>
      {m.links.length ? (
        <section className="mt-4 rounded-lg border border-zinc-200 bg-white p-4">
          <h2 className="text-sm font-semibold">Links in this email</h2>
          <ul className="mt-2 space-y-1 text-sm" data-testid="mail-links">
            {m.links.map((l) => (
              <li key={l}>
                <a href={l} className="break-all text-accent underline underline-offset-4">
                  {l}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <iframe title="Email preview" sandbox="allow-popups allow-popups-to-escape-sandbox" srcDoc={m.html} className="mt-4 h-[36rem] w-full rounded-lg border border-zinc-200 bg-white" />
      <details className="mt-4">
        <summary className="cursor-pointer text-sm text-zinc-600">Plain-text version</summary>
        <pre className="mt-2 overflow-x-auto rounded-lg bg-zinc-100 p-4 text-xs whitespace-pre-wrap" data-testid="mail-text">{m.text}</pre>
      </details>
    </main>
  );
}
