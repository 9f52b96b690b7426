import type { TestStep } from "@/lib/workflows/test-run";

/** What a test run found, step by step: the summary, the rendered email, the SMS text, the webhook body, problems in red. */
export function TestRunResult({ contact, steps }: { contact: string; steps: TestStep[] }) {
  return (
    <div className="space-y-3" data-testid="test-run-result">
      <p className="text-sm text-zinc-700">
        For <span className="font-medium break-all">{contact}</span>, this is what would happen:
      </p>
      <ol className="space-y-3" data-testid="test-run-steps">
        {steps.map((s) => (
          <li key={s.index} className="min-w-0 rounded-lg border border-zinc-200 bg-white p-3 text-sm" aria-label={`Step ${s.index + 1}: ${s.label}`}>
            <p className="font-medium">
              <span className="mr-2 inline-flex size-6 items-center justify-center rounded-full bg-zinc-200 text-xs text-zinc-800" aria-hidden>{s.index + 1}</span>
              {s.label}
            </p>
            <p className="mt-1 text-zinc-700">{s.summary}</p>
            {s.problem ? <p className="mt-1 font-medium text-red-700">Problem: {s.problem}</p> : null}
            {s.email ? <EmailPreview email={s.email} /> : null}
            {s.sms ? (
              <div className="mt-2">
                <p className="text-xs text-zinc-600">Text to {s.sms.to}:</p>
                <p className="mt-1 rounded-lg bg-zinc-100 px-3 py-2 break-words whitespace-pre-wrap">{s.sms.text}</p>
              </div>
            ) : null}
            {s.webhook ? (
              <div className="mt-2 min-w-0">
                <p className="text-xs break-all text-zinc-600">POST {s.webhook.url}</p>
                <pre className="mt-1 max-h-72 overflow-auto rounded-lg bg-zinc-900 p-3 text-xs text-zinc-100" tabIndex={0} aria-label="Webhook body">{s.webhook.body}</pre>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

function EmailPreview({ email }: { email: NonNullable<TestStep["email"]> }) {
  return (
    <div className="mt-2 min-w-0 space-y-2">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-xs">
        <dt className="text-zinc-600">To</dt>
        <dd className="break-all">{email.to}</dd>
        <dt className="text-zinc-600">Subject</dt>
        <dd className="font-medium break-words" data-testid="test-run-subject">{email.subject}</dd>
      </dl>
      {email.html ? (
        // sandbox="": no script, no forms, no navigation out of the preview.
        <iframe title={`Email preview: ${email.subject}`} srcDoc={email.html} sandbox="" className="h-96 w-full rounded-lg border border-zinc-200 bg-white" />
      ) : null}
      <details className="text-xs">
        <summary className="cursor-pointer text-zinc-700">Plain-text version</summary>
        <pre className="mt-1 max-h-72 overflow-auto rounded-lg bg-zinc-100 p-3 break-words whitespace-pre-wrap">{email.text}</pre>
      </details>
    </div>
  );
}
