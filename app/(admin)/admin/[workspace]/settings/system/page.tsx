import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { StatusBadge } from "@/components/admin/status-badge";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { formatDuration } from "@/lib/mail/format";
import type { SendingDomain } from "@/lib/mail/sending-domain";
import { systemPage, type SystemStatus } from "@/lib/ops/system-status";
import { SettingsNav } from "../settings-nav";

export const metadata: Metadata = { title: "System" };

export default async function SystemPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, admin } = await requireWorkspaceAdmin(slug);
  const page = await systemPage(admin.id, workspace.slug);
  if (!page) notFound();
  return (
    <main>
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsNav workspace={workspace.slug} />
      {page.allowed ? <Status status={page.status} /> : <Alert className="mt-6">Only owners can see the System page: it shows how this installation is running (workers, outbox, delivery errors). Ask an owner of this workspace.</Alert>}
    </main>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-zinc-600">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function Status({ status: s }: { status: SystemStatus }) {
  return (
    <div className="mt-6 max-w-3xl space-y-6" data-testid="system-status">
      <Card>
        <CardTitle>Installation</CardTitle>
        <dl className="mt-2 divide-y divide-zinc-100 text-sm">
          <Row label="Version">
            {s.version} <span className="text-zinc-500">(build {s.buildId})</span>
          </Row>
          <Row label="Database">{s.database === "PostgreSQL" ? "PostgreSQL" : "Embedded (PGlite, in the data folder)"}</Row>
        </dl>
      </Card>
      <Card>
        <CardTitle>Background worker</CardTitle>
        {s.workers.live.length === 0 ? (
          <Alert className="mt-3 border-amber-200 bg-amber-50 text-amber-900">
            No worker has reported in the last {s.workers.staleAfterS}&nbsp;s: emails are not being sent. Start one with <code className="whitespace-nowrap">npm run worker</code>, or check PORTICO_WORKER (it is <code>off</code> on instances that leave the work to separate workers).
            {s.workers.lastBeatAt ? (
              <>
                {" "}Last heartbeat: <LocalTime at={s.workers.lastBeatAt} />.
              </>
            ) : null}
          </Alert>
        ) : (
          <ul className="mt-3 divide-y divide-zinc-100 text-sm" data-testid="workers">
            {s.workers.live.map((w) => (
              <li key={w.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="min-w-0 break-all font-mono">
                  {w.host} · pid {w.pid}
                </span>
                <span className="text-zinc-600">
                  <StatusBadge status="live" label="running" /> since <LocalTime at={w.startedAt} />, last beat <LocalTime at={w.beatAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card>
        <CardTitle>Email</CardTitle>
        <dl className="mt-2 divide-y divide-zinc-100 text-sm">
          <Row label="Outbox">
            {s.outbox.queued === 0 && s.outbox.sending === 0 ? (
              "Empty: every email has been handed to the provider."
            ) : (
              <>
                {s.outbox.queued} queued, {s.outbox.sending} being sent
                {s.outbox.oldestQueuedAt ? (
                  <>
                    {" "}· oldest waiting {formatDuration(s.outbox.oldestAgeMs)} (queued <LocalTime at={s.outbox.oldestQueuedAt} />)
                  </>
                ) : null}
              </>
            )}
          </Row>
          <Row label="Last delivery error">
            {s.lastError ? (
              <>
                <LocalTime at={s.lastError.at} /> · {s.lastError.template}
                <span className="mt-1 block font-mono text-xs text-red-800" data-testid="last-error">{s.lastError.error}</span>
              </>
            ) : (
              "None: no email of this workspace has failed."
            )}
          </Row>
          <Row label="Sending domain">
            <DomainState d={s.sendingDomain} />
          </Row>
        </dl>
      </Card>
    </div>
  );
}

function DomainState({ d }: { d: SendingDomain }) {
  if (d.state === "dev") return <>None needed: emails go to the dev mailbox (set RESEND_API_KEY to send real email).</>;
  if (d.state === "error") return <>{d.domain}: could not ask Resend ({d.error}).</>;
  if (d.state === "missing") return <>{d.domain}: not added at Resend yet. Add it there (Emails → System emails lists the DNS records).</>;
  return (
    <>
      {d.domain}: <StatusBadge status={d.verified ? "live" : "expired"} label={d.verified ? "verified" : d.status.replace(/_/g, " ")} />
      {d.verified ? null : <span className="text-zinc-600"> — Emails → System emails lists the DNS records to add.</span>}
    </>
  );
}
