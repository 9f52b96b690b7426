import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/admin/status-badge";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { senderDomain, sendingDomainStatus, type SendingDomain } from "@/lib/mail/sending-domain";
import { isEmailOn, SYSTEM_EMAILS } from "@/lib/mail/system-emails";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { setSystemEmailAction } from "../actions";

export const metadata: Metadata = { title: "System emails" };

export default async function SystemEmailsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, role } = await requireWorkspaceAdmin((await params).workspace);
  const canEdit = roleAtLeast(role, "admin");
  const domain = await sendingDomainStatus().catch((err: Error) => ({ state: "error" as const, domain: senderDomain(), error: err.message }));
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/emails`} className="text-sm text-zinc-600 hover:underline">← Delivery log</Link>
        <h1 className="mt-2 text-2xl font-semibold">System emails</h1>
        <p className="mt-1 text-sm text-zinc-600">Sent by {workspace.senderName ?? workspace.name}, in your portal&apos;s colours. Each states its link&apos;s exact expiry and carries no tracking.</p>
      </div>
      <SendingDomainCard status={domain} />
      <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white shadow-sm" data-testid="system-emails">
        {SYSTEM_EMAILS.map((e) => {
          const on = isEmailOn(workspace, e.key);
          return (
            <li key={e.key} className="flex flex-wrap items-center gap-4 px-5 py-4">
              <div className="min-w-0 flex-1">
                <p className="flex items-center gap-2 font-medium">
                  {e.name} <StatusBadge status={on ? "live" : "none"} label={on ? "on" : "off"} />
                </p>
                <p className="mt-0.5 text-sm text-zinc-600">{e.when}</p>
              </div>
              <Link href={`/admin/${workspace.slug}/emails/system/${e.key}`} className="text-sm text-accent hover:underline">Preview</Link>
              {e.optional && canEdit ? (
                <ActionForm action={setSystemEmailAction} hidden={{ workspace: workspace.slug, key: e.key, on: on ? "false" : "true" }}>
                  <Button type="submit" variant="secondary" size="sm" aria-label={`${on ? "Turn off" : "Turn on"} ${e.name}`}>{on ? "Turn off" : "Turn on"}</Button>
                </ActionForm>
              ) : (
                <span className="w-28 text-right text-xs text-zinc-500">{e.optional ? "" : "with the login link"}</span>
              )}
            </li>
          );
        })}
      </ul>
    </main>
  );
}

function SendingDomainCard({ status }: { status: SendingDomain }) {
  if (status.state === "dev") {
    return <p className="rounded-lg border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900">Emails go to the dev mailbox: set RESEND_API_KEY to send real email.</p>;
  }
  if (status.state !== "found" || !status.verified) {
    return (
      <div className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="sending-domain">
        <p className="font-medium">
          Sending domain {status.domain}:{" "}
          {status.state === "missing" ? "not added at Resend yet — add it there." : status.state === "error" ? `could not ask Resend (${status.error}).` : `${status.status.replace(/_/g, " ")} — add these DNS records, then verify it at Resend.`}
        </p>
        {status.state === "found" ? (
          <table className="mt-2 w-full text-left text-xs">
            <thead><tr><th className="py-1 pr-3">Record</th><th className="pr-3">Type</th><th className="pr-3">Name</th><th className="pr-3">Value</th><th>Status</th></tr></thead>
            <tbody>
              {status.records.map((r) => (
                <tr key={`${r.record}-${r.name}`}><td className="py-1 pr-3">{r.record}</td><td className="pr-3">{r.type}</td><td className="pr-3 font-mono break-all">{r.name}</td><td className="pr-3 font-mono break-all">{r.value}</td><td>{r.status.replace(/_/g, " ")}</td></tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    );
  }
  return <p className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="sending-domain">Sending domain {status.domain} is verified at Resend (SPF and DKIM).</p>;
}
