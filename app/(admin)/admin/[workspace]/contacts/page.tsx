import type { Metadata } from "next";
import Link from "next/link";
import { Button, buttonVariants } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { listGroups } from "@/lib/access/groups";
import { listOffers } from "@/lib/access/offers";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { BULK_ACTIONS } from "@/lib/contacts/bulk-actions";
import { filterParams, isFiltered, listContacts, listTags, parseContactFilter, SORTS } from "@/lib/contacts/list";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { ContactsTable } from "./contacts-table";
import { ActionForm } from "@/components/ui/action-form";
import { listSmartLists } from "@/lib/contacts/smart-lists";
import { deleteSmartListAction } from "./list-actions";
import { SmartListForm } from "./smart-list-form";
import { plural } from "@/lib/utils";

export const metadata: Metadata = { title: "Contacts" };

export default async function ContactsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const sp = await searchParams;
  const filter = parseContactFilter(sp);
  const [page, offers, groups, tags, smartLists] = await Promise.all([listContacts(workspace.id, filter), listOffers(workspace.id), listGroups(workspace.id), listTags(workspace.id), listSmartLists(workspace.id)]);
  const smartList = smartLists.find((l) => l.id === sp.list);
  const base = `/admin/${workspace.slug}/contacts`;
  const canManage = roleAtLeast(role, "admin");
  const filtered = isFiltered(filter);
  const offerOptions = offers.map((o) => ({ value: o.offer.id, label: o.offer.title }));
  const groupOptions = groups.map((g) => ({ value: g.group.id, label: g.group.name }));
  const actions = Object.entries(BULK_ACTIONS)
    .filter(([, a]) => roleAtLeast(role, a.role))
    .map(([value, a]) => ({ value, label: a.label }));
  const { q, offer, group, status, tag, sort } = filter;
  const hidden = { q, offer, group, status, tag, sort };
  return (
    <main>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{smartList ? <>Contacts <span className="text-zinc-500">· {smartList.name}</span></> : "Contacts"}</h1>
        <Link href={`${base}/import`} className={buttonVariants({ variant: "secondary", size: "sm" })}>
          Import CSV
        </Link>
      </div>

      <form role="search" aria-label="Contacts" className="mt-6 grid gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-6">
        <div className="space-y-1 sm:col-span-2">
          <Label htmlFor="contact-search">Search name or email</Label>
          <Input id="contact-search" name="q" type="search" defaultValue={q} placeholder="e.g. rivera or @gmail" />
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-offer">Offer</Label>
          <Select id="f-offer" name="offer" defaultValue={offer}>
            <option value="">Any offer</option>
            {offerOptions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </Select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-group">Group</Label>
          <Select id="f-group" name="group" defaultValue={group}>
            <option value="">Any group</option>
            {groupOptions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </Select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-status">Portal status</Label>
          <Select id="f-status" name="status" defaultValue={status}>
            <option value="">Any status</option>
            <option value="none">Not invited</option>
            <option value="invited">Invited</option>
            <option value="active">Active</option>
          </Select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="f-tag">Tag</Label>
          <Select id="f-tag" name="tag" defaultValue={tag}>
            <option value="">Any tag</option>
            {tags.map((t) => <option key={t} value={t}>{t}</option>)}
          </Select>
        </div>
        <div className="space-y-1 sm:col-span-2 lg:col-span-2">
          <Label htmlFor="f-sort">Sort</Label>
          <Select id="f-sort" name="sort" defaultValue={sort}>
            {Object.entries(SORTS).map(([k, s]) => <option key={k} value={k}>{s.label}</option>)}
          </Select>
        </div>
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
          <Button type="submit">Search</Button>
          {filtered ? <Link href={base} className={buttonVariants({ variant: "ghost" })}>Clear filters</Link> : null}
        </div>
      </form>

      <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-zinc-600" data-testid="contacts-count" aria-live="polite">
          {page.capped ? `${page.total.toLocaleString("en")}+ contacts` : plural(page.total, "contact")}
          {filtered ? " match" : ""}
          {page.pages > 1 ? ` · page ${page.page} of ${page.pages}${page.capped ? "+" : ""}` : ""}
        </p>
        {smartList && canManage ? (
          <ActionForm action={deleteSmartListAction} hidden={{ workspace: workspace.slug, id: smartList.id }} confirm={`Delete the smart list “${smartList.name}”? The contacts stay; only the saved filter goes.`}>
            <Button type="submit" variant="ghost" size="sm">Delete smart list</Button>
          </ActionForm>
        ) : filtered && canManage ? (
          <SmartListForm hidden={{ workspace: workspace.slug, ...hidden }} />
        ) : null}
      </div>

      {page.rows.length === 0 ? (
        <div className="mt-6 rounded-xl border border-dashed border-zinc-300 bg-white p-10 text-center">
          {filtered ? (
            <p className="text-zinc-600">No contact matches these filters. <Link className="text-accent underline underline-offset-4" href={base}>Clear filters</Link></p>
          ) : (
            <p className="text-zinc-600">
              No contacts yet — <Link className="text-accent underline underline-offset-4" href={`${base}/import`}>import a CSV</Link> or{" "}
              <Link className="text-accent underline underline-offset-4" href={`/admin/${workspace.slug}`}>invite someone</Link>.
            </p>
          )}
        </div>
      ) : (
        <ContactsTable
          key={filterParams(filter, { page: filter.page })}
          workspace={workspace.slug}
          rows={page.rows.map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}`.trim(), email: c.email, portalStatus: c.portalStatus, tags: c.tags, lastLogin: c.lastLoginAt?.toISOString() ?? "" }))}
          total={page.total}
          capped={page.capped}
          filter={hidden}
          offers={offerOptions}
          groups={groupOptions}
          actions={actions}
        />
      )}

      {page.pages > 1 ? (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
          {page.page > 1 ? <Link className={buttonVariants({ variant: "secondary", size: "sm" })} href={`${base}${filterParams(filter, { page: page.page - 1 })}`} rel="prev">← Previous</Link> : <span />}
          <span className="text-zinc-600">Page {page.page} of {page.pages}{page.capped ? "+" : ""}</span>
          {page.page < page.pages || page.capped ? <Link className={buttonVariants({ variant: "secondary", size: "sm" })} href={`${base}${filterParams(filter, { page: page.page + 1 })}`} rel="next">Next →</Link> : <span />}
        </nav>
      ) : null}
    </main>
  );
}
