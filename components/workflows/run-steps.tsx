import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { WorkflowRunStep } from "@/db/schema";
import type { WorkflowChoices } from "@/lib/workflows/manage";
import type { RunDetail } from "@/lib/workflows/runs";
import { dataPairs, keyLabel, valueLabel } from "./labels";
import { RunStatus } from "./run-status";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

type Links = { contactEmails: string | null; devMailbox: boolean };

const duration = (a: WorkflowRunStep) => {
  if (!a.startedAt || !a.finishedAt) return null;
  const ms = a.finishedAt.getTime() - a.startedAt.getTime();
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
};

/** Each step of a run in order, with every attempt: status, times, error, output, and what it sent. */
export function RunSteps({ detail, choices, links }: { detail: RunDetail; choices: WorkflowChoices; links: Links }) {
  return (
    <ol className="space-y-4" data-testid="run-steps">
      {detail.steps.map((step) => {
        const emails = detail.emails.filter((e) => e.stepIndex === step.index);
        const texts = detail.sms.filter((m) => m.stepIndex === step.index);
        const settings =
          step.type === "wait"
            ? [{ label: "Wait for", value: `${String(step.config.amount)} ${Number(step.config.amount) === 1 ? String(step.config.unit).replace(/s$/, "") : String(step.config.unit)}` }]
            : dataPairs(step.config, choices).filter((p) => p.label !== "Send welcome" || p.value === "yes");
        return (
          <li key={step.index} className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5" aria-label={`Step ${step.index + 1}: ${step.label}`} data-step-status={step.status}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="font-medium">
                <span className="mr-2 inline-flex size-6 items-center justify-center rounded-full bg-accent text-xs text-white" aria-hidden>{step.index + 1}</span>
                {step.label}
              </h3>
              {step.status === "pending" ? <span className="text-xs text-zinc-600">Not reached</span> : <RunStatus status={step.status} />}
            </div>
            {settings.length ? <p className="mt-1 text-sm break-words text-zinc-600">{settings.map((p) => `${p.label}: ${p.value}`).join(" · ")}</p> : null}
            {emails.length || texts.length ? (
              <ul className="mt-3 space-y-1 text-sm" aria-label="Sent by this step">
                {emails.map((e) => (
                  <li key={e.id} className="flex flex-wrap items-center gap-x-2">
                    <span>Email “{e.subject}” · {e.status}</span>
                    {links.contactEmails ? <Link className="text-accent hover:underline" href={links.contactEmails}>Contact’s email history</Link> : null}
                    {links.devMailbox ? <Link className="text-accent hover:underline" href={`/dev/mailbox/${e.id}`}>Open in the dev mailbox</Link> : null}
                  </li>
                ))}
                {texts.map((m) => (
                  <li key={m.id} className="flex flex-wrap items-center gap-x-2">
                    <span>Text message · {m.status}{m.transport ? ` (${m.transport === "dev" ? "dev mailbox" : m.transport})` : ""}</span>
                    {m.transport === "dev" ? <Link className="text-accent hover:underline" href="/dev/mailbox#texts">Open the dev mailbox</Link> : null}
                  </li>
                ))}
              </ul>
            ) : null}
            {step.attempts.length ? (
              <ol className="mt-3 space-y-3 border-t border-zinc-100 pt-3">
                {step.attempts.map((a) => <Attempt key={a.id} attempt={a} />)}
              </ol>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function Attempt({ attempt: a }: { attempt: WorkflowRunStep }) {
  const output = Object.entries(a.output ?? {}).filter(([, v]) => v !== undefined && v !== null);
  const took = duration(a);
  return (
    <li className="min-w-0 text-sm" data-attempt={a.attempt}>
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-medium">Attempt {a.attempt}</span>
        <RunStatus status={a.status} />
        <span className="text-xs text-zinc-600">
          started <LocalTime at={a.startedAt} />
          {a.finishedAt ? <> · finished <LocalTime at={a.finishedAt} /></> : null}
          {took ? ` · took ${took}` : ""}
        </span>
      </p>
      {a.error ? <p className="mt-1 break-words text-red-700">{a.error}</p> : null}
      {output.length ? (
        <dl className="mt-2 grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-4 gap-y-0.5 rounded-lg bg-zinc-50 px-3 py-2 text-xs">
          {output.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-zinc-600">{keyLabel(k)}</dt>
              <dd className="break-all">{typeof v === "string" && ISO.test(v) ? <LocalTime at={v} /> : valueLabel(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {Object.keys(a.input ?? {}).length ? (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer text-zinc-700">Input</summary>
          <pre className="mt-1 max-h-60 overflow-auto rounded-lg bg-zinc-100 p-3 break-words whitespace-pre-wrap">{JSON.stringify(a.input, null, 2)}</pre>
        </details>
      ) : null}
    </li>
  );
}
