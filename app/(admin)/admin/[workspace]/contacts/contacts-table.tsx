"use client";
import Link from "next/link";
import { useState } from "react";
import { StatusBadge } from "@/components/admin/status-badge";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SubmitButton } from "@/components/ui/submit-button";
import { LocalTime } from "@/components/ui/local-time";
import { bulkContactsAction, bulkQuestionAction } from "./list-actions";

export type Row = { id: string; name: string; email: string; portalStatus: string; tags: string[]; lastLogin: string };
type Option = { value: string; label: string };

/**
 * The contact table with multi-select and the bulk-action bar. "Select all N in this filter"
 * sends the filter instead of ids; the server resolves it, so it covers every page.
 */
export function ContactsTable({ workspace, rows, total, capped, filter, offers, groups, actions }: {
  workspace: string;
  rows: Row[];
  total: number;
  capped: boolean;
  filter: Record<string, string>;
  offers: Option[];
  groups: Option[];
  actions: Option[];
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [all, setAll] = useState(false);
  const [action, setAction] = useState(actions[0]?.value ?? "");
  const count = all ? total : selected.size;
  const countText = all && capped ? `${total.toLocaleString("en")}+` : String(count);
  const pageAll = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: string) => {
    setAll(false);
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  return (
    <ActionForm
      action={bulkContactsAction}
      hidden={{ workspace, ...filter, all: all ? "1" : "" }}
      // The server works out whom the action reaches (and, for emails, who is skipped and why) before asking.
      confirm={{ ask: bulkQuestionAction }}
      className="mt-4"
    >
      {count > 0 ? (
        <div className="sticky top-0 z-10 mb-3 flex flex-wrap items-end gap-3 rounded-xl border border-accent/40 bg-white p-3 shadow-sm" data-testid="bulk-bar" role="region" aria-label="Bulk actions">
          <p className="text-sm font-medium" aria-live="polite">
            {countText} selected
            {!all && pageAll && total > rows.length ? (
              <Button type="button" variant="link" size="sm" onClick={() => setAll(true)}>
                Select all {capped ? `${total.toLocaleString("en")}+` : total} in this filter
              </Button>
            ) : null}
            {all ? <span className="text-zinc-600"> (every contact in this filter)</span> : null}
          </p>
          <div className="space-y-1">
            <Label htmlFor="bulk-action">Action</Label>
            <Select id="bulk-action" name="action" value={action} onChange={(e) => setAction(e.target.value)} className="w-52">
              {actions.map((a) => <option key={a.value} value={a.value}>{a.label}</option>)}
            </Select>
          </div>
          {action === "grant_offer" ? (
            <div className="space-y-1">
              <Label htmlFor="bulk-offer">Offer</Label>
              <Select id="bulk-offer" name="offerId" className="w-52" required>
                {offers.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </Select>
            </div>
          ) : null}
          {action === "add_group" ? (
            <div className="space-y-1">
              <Label htmlFor="bulk-group">Group</Label>
              <Select id="bulk-group" name="groupId" className="w-52" required>
                {groups.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </Select>
            </div>
          ) : null}
          {action === "add_tag" ? (
            <div className="space-y-1">
              <Label htmlFor="bulk-tag">Tag</Label>
              <Input id="bulk-tag" name="newTag" className="w-40" required maxLength={50} />
            </div>
          ) : null}
          <SubmitButton pendingText="Working…">Apply</SubmitButton>
          <Button type="button" variant="ghost" onClick={() => { setSelected(new Set()); setAll(false); }}>
            Clear
          </Button>
        </div>
      ) : null}
      <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm" data-testid="contacts-table">
          <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-600 uppercase">
            <tr>
              <th className="w-10 px-4 py-2">
                <input
                  type="checkbox"
                  className="size-4"
                  aria-label="Select every contact on this page"
                  checked={pageAll}
                  onChange={() => {
                    setAll(false);
                    setSelected(pageAll ? new Set() : new Set(rows.map((r) => r.id)));
                  }}
                />
              </th>
              <th className="px-4 py-2 font-medium">Name</th>
              <th className="px-4 py-2 font-medium">Email</th>
              <th className="px-4 py-2 font-medium">Portal</th>
              <th className="hidden px-4 py-2 font-medium md:table-cell">Tags</th>
              <th className="hidden px-4 py-2 font-medium sm:table-cell">Last sign-in</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {rows.map((c) => (
              <tr key={c.id} className="hover:bg-zinc-50">
                <td className="px-4 py-2">
                  <input type="checkbox" name={all ? undefined : "ids"} value={c.id} className="size-4" aria-label={`Select ${c.name || c.email}`} checked={all || selected.has(c.id)} onChange={() => toggle(c.id)} />
                </td>
                <td className="px-4 py-2">
                  <Link className="font-medium text-accent hover:underline" href={`/admin/${workspace}/contacts/${c.id}`}>
                    {c.name || c.email}
                  </Link>
                </td>
                <td className="px-4 py-2 break-words text-zinc-700"><EmailText email={c.email} /></td>
                <td className="px-4 py-2">
                  <StatusBadge status={c.portalStatus} />
                </td>
                <td className="hidden px-4 py-2 md:table-cell">
                  {c.tags.map((t) => <span key={t} className="mr-1 inline-block rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700">{t}</span>)}
                </td>
                <td className="hidden px-4 py-2 whitespace-nowrap text-zinc-600 sm:table-cell"><LocalTime at={c.lastLogin || null} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ActionForm>
  );
}

/**
 * An address that wraps, only when the column is too narrow, where addresses are broken in
 * print: after the "@" or before a dot, never inside a word.
 */
function EmailText({ email }: { email: string }) {
  const parts = email.split(/(?<=@)|(?=\.)/);
  return parts.map((p, i) => (i === 0 ? p : <span key={i}><wbr />{p}</span>));
}
