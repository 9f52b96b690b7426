import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/admin/status-badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { searchContacts } from "@/lib/contacts/record";
import { formatStamp } from "@/lib/mail/format";

export const metadata: Metadata = { title: "Contacts" };

export default async function ContactsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ q?: string }> }) {
  const { workspace: slug } = await params;
  const { workspace } = await requireWorkspaceAdmin(slug);
  const q = ((await searchParams).q ?? "").slice(0, 100);
  const rows = await searchContacts(workspace.id, q);
  return (
    <main>
      <h1 className="text-2xl font-semibold">Contacts</h1>
      <form role="search" className="mt-6 flex max-w-lg gap-2">
        <label htmlFor="contact-search" className="sr-only">
          Search contacts by name or email
        </label>
        <Input id="contact-search" name="q" type="search" defaultValue={q} placeholder="Search by name or email" />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {rows.length === 0 ? (
        <p className="mt-8 text-zinc-600">{q ? `No contact matches “${q}”.` : "No contacts yet."}</p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-500 uppercase">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-4 py-2 font-medium">Email</th>
                <th className="px-4 py-2 font-medium">Portal</th>
                <th className="hidden px-4 py-2 font-medium sm:table-cell">Last sign-in</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {rows.map((c) => (
                <tr key={c.id} className="hover:bg-zinc-50">
                  <td className="px-4 py-2">
                    <Link className="font-medium text-accent hover:underline" href={`/admin/${workspace.slug}/contacts/${c.id}`}>
                      {`${c.firstName} ${c.lastName}`.trim() || c.email}
                    </Link>
                  </td>
                  <td className="px-4 py-2 break-all text-zinc-700">{c.email}</td>
                  <td className="px-4 py-2">
                    <StatusBadge status={c.portalStatus} />
                  </td>
                  <td className="hidden px-4 py-2 text-zinc-600 sm:table-cell">{formatStamp(c.lastLoginAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
