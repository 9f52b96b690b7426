import type { DevSms } from "@/lib/sms/mailbox";

const URL_RE = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/g;

/** The text with each link clickable, as a phone shows it. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(URL_RE);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="break-all text-blue-700 underline hover:text-blue-900">
            {part}
          </a>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}

export function SmsList({ messages }: { messages: DevSms[] }) {
  if (messages.length === 0) {
    return <p className="mt-4 text-zinc-600">No text messages yet. Workflows with a Send SMS step send texts here while no SMS provider is configured.</p>;
  }
  return (
    <ul className="mt-4 divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white" data-testid="sms-mailbox">
      {messages.map((m) => (
        <li key={m.id} className="flex flex-col gap-1 px-4 py-3">
          <span className="flex flex-col gap-0.5 sm:flex-row sm:items-center sm:justify-between">
            <span className="text-sm font-medium">To: {m.to}</span>
            <time className="text-xs text-zinc-500" dateTime={(m.sentAt ?? m.createdAt).toISOString()}>
              {(m.sentAt ?? m.createdAt).toISOString().replace("T", " ").slice(0, 19)} UTC
            </time>
          </span>
          <p className="whitespace-pre-wrap break-words text-sm text-zinc-800">
            <Linkified text={m.body} />
          </p>
        </li>
      ))}
    </ul>
  );
}
