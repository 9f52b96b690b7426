import type { Metadata } from "next";
import Link from "next/link";
import { DeliveryLog } from "@/components/admin/delivery-log";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { emailStatus } from "@/db/schema";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { listDeliveryLog, listTemplatesUsed, logFilterSchema } from "@/lib/mail/delivery-log";
import { plural } from "@/lib/utils";

export const metadata: Metadata = { title: "Emails" };

export default async function EmailsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { workspace } = await requireWorkspaceAdmin((await params).workspace);
  const filter = logFilterSchema.parse(await searchParams);
  const [{ rows, total, pages }, templates] = await Promise.all([listDeliveryLog(workspace.id, filter), listTemplatesUsed(workspace.id)]);
  const qs = (page: number) => `?${new URLSearchParams(Object.entries({ ...filter, page: String(page) }).filter(([, v]) => v !== undefined && v !== "") as [string, string][])}`;
  return (
    <main className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">Delivery log</h1>
        <span className="flex gap-4">
          <Link href={`/admin/${workspace.slug}/emails/templates`} className="text-sm text-accent hover:underline">Templates →</Link>
          <Link href={`/admin/${workspace.slug}/emails/system`} className="text-sm text-accent hover:underline">System emails →</Link>
        </span>
      </div>
      <form className="grid gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:grid-cols-6" role="search">
        <div className="space-y-1 sm:col-span-2">
          <Label htmlFor="log-q">Recipient</Label>
          <Input id="log-q" name="q" type="search" defaultValue={filter.q} placeholder="email contains…" />
        </div>
        <div className="space-y-1">
          <Label htmlFor="log-status">Status</Label>
          <Select id="log-status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">Any</option>
            {emailStatus.enumValues.map((s) => <option key={s} value={s}>{s.replace(/_/g, " ")}</option>)}
          </Select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="log-template">Email</Label>
          <Select id="log-template" name="template" defaultValue={filter.template ?? ""}>
            <option value="">Any</option>
            {templates.map((t) => <option key={t} value={t}>{t.replace(/_/g, " ")}</option>)}
          </Select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="log-from">From</Label>
          <Input id="log-from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="log-to">To</Label>
          <Input id="log-to" name="to" type="date" defaultValue={filter.to} />
        </div>
        <div className="flex gap-2 sm:col-span-6">
          <Button type="submit" variant="secondary">Filter</Button>
          <Link href={`/admin/${workspace.slug}/emails`} className="self-center text-sm text-zinc-600 hover:underline">Clear</Link>
          <span className="ml-auto self-center text-sm text-zinc-500">{plural(total, "email")}</span>
        </div>
      </form>
      <Card className="p-0 pt-3">
        <DeliveryLog workspace={workspace.slug} rows={rows} />
      </Card>
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex justify-between text-sm">
          {filter.page > 1 ? <Link className="text-accent hover:underline" href={qs(filter.page - 1)}>← Newer</Link> : <span />}
          <span className="text-zinc-500">Page {filter.page} of {pages}</span>
          {filter.page < pages ? <Link className="text-accent hover:underline" href={qs(filter.page + 1)}>Older →</Link> : <span />}
        </nav>
      ) : null}
    </main>
  );
}
