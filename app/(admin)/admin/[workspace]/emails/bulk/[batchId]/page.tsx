import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeliveryLog } from "@/components/admin/delivery-log";
import { Card, CardTitle } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { bulkSendProgress, bulkSendSkipped, SKIP_REASONS } from "@/lib/links/bulk-send";
import { listDeliveryLog, logFilterSchema } from "@/lib/mail/delivery-log";
import { LiveRefresh } from "./progress";
import { isUuid, plural } from "@/lib/utils";

export const metadata: Metadata = { title: "Bulk send" };

export default async function BulkSendPage({ params, searchParams }: { params: Promise<{ workspace: string; batchId: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { workspace: slug, batchId } = await params;
  const { workspace } = await requireWorkspaceAdmin(slug);
  if (!isUuid(batchId)) notFound();
  const { page } = logFilterSchema.parse(await searchParams);
  const [progress, log, skipped] = await Promise.all([bulkSendProgress(workspace.id, batchId), listDeliveryLog(workspace.id, { batchId, page }), bulkSendSkipped(workspace.id, batchId)]);
  if (progress.total === 0) notFound();
  const pct = (n: number) => Math.round((100 * n) / progress.total);
  return (
    <main className="space-y-6">
      <LiveRefresh active={progress.queued > 0} />
      <div>
        <Link href={`/admin/${workspace.slug}/emails`} className="text-sm text-zinc-600 hover:underline">← Delivery log</Link>
        <h1 className="mt-2 text-2xl font-semibold">
          {log.rows[0]?.template === "login_link" ? "Login emails" : log.rows[0]?.template === "invitation" ? "Invitations" : "Emails"} to {plural(progress.total, "contact")}
        </h1>
      </div>
      <Card>
        <div className="flex h-3 overflow-hidden rounded-full bg-zinc-100" role="img" aria-label={`${pct(progress.sent)}% sent`}>
          <div className="bg-emerald-500" style={{ width: `${pct(progress.sent)}%` }} />
          <div className="bg-red-500" style={{ width: `${pct(progress.failed)}%` }} />
        </div>
        <dl className="mt-4 grid grid-cols-3 gap-4 text-center" data-testid="bulk-progress">
          <div><dt className="text-xs text-zinc-500 uppercase">Queued</dt><dd className="text-2xl font-semibold">{progress.queued}</dd></div>
          <div><dt className="text-xs text-zinc-500 uppercase">Sent</dt><dd className="text-2xl font-semibold text-emerald-700">{progress.sent}</dd></div>
          <div><dt className="text-xs text-zinc-500 uppercase">Failed</dt><dd className="text-2xl font-semibold text-red-700">{progress.failed}</dd></div>
        </dl>
        <p className="mt-3 text-center text-sm text-zinc-600">{progress.queued ? "Sending… this page updates by itself." : "Done."}</p>
      </Card>
      {skipped.total ? (
        <Card data-testid="bulk-skipped">
          <CardTitle>{skipped.total} skipped</CardTitle>
          <p className="mt-1 text-sm text-zinc-600">Of the {progress.total + skipped.total} contacts chosen, these got no email:</p>
          <ul className="mt-3 divide-y divide-zinc-100 text-sm">
            {skipped.named.map((c) => (
              <li key={c.id} className="py-2">
                <Link className="font-medium text-accent hover:underline" href={`/admin/${workspace.slug}/contacts/${c.id}`}>{c.name || c.email}</Link>
                {c.name ? <span className="text-zinc-600"> · {c.email}</span> : null}
                <span className="block text-zinc-700">{SKIP_REASONS[c.reason]}</span>
              </li>
            ))}
          </ul>
          {skipped.total > skipped.named.length ? <p className="mt-2 text-sm text-zinc-600">…and {skipped.total - skipped.named.length} more, not named here.</p> : null}
        </Card>
      ) : null}
      <Card className="p-0 pt-3">
        <DeliveryLog workspace={workspace.slug} rows={log.rows} />
      </Card>
      {log.pages > 1 ? (
        <nav aria-label="Pages" className="flex justify-between text-sm">
          {page > 1 ? <Link className="text-accent hover:underline" href={`?page=${page - 1}`}>← Previous</Link> : <span />}
          <span className="text-zinc-500">Page {page} of {log.pages}</span>
          {page < log.pages ? <Link className="text-accent hover:underline" href={`?page=${page + 1}`}>Next →</Link> : <span />}
        </nav>
      ) : null}
    </main>
  );
}
