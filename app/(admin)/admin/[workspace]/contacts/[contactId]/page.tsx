import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/admin/status-badge";
import { Card, CardTitle } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { contactAccess, contactActivity, getContactOrThrow } from "@/lib/contacts/record";
import { listContactLinks, type LinkRow } from "@/lib/links/admin-links";
import { deadReason } from "@/lib/links/state";
import { formatStamp } from "@/lib/mail/format";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { GenerateMagicLink, QuickActions, RevokeButton } from "./contact-actions";

export const metadata: Metadata = { title: "Contact" };

const KIND_LABEL: Record<string, string> = {
  learner_magic_link: "Magic link",
  login_link: "Login link",
  password_setup: "Set-password link",
  password_reset: "Reset link",
  login_code: "Login code",
};


function linkState(l: LinkRow) {
  const dead = deadReason(l);
  return { live: !dead, label: dead ?? (l.kind === "learner_magic_link" && l.useCount ? `live · used ${l.useCount}×` : "live"), status: dead ?? "live" };
}

export default async function ContactPage({ params }: { params: Promise<{ workspace: string; contactId: string }> }) {
  const { workspace: slug, contactId } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const contact = await getContactOrThrow(workspace.id, contactId);
  const [access, links, activity] = await Promise.all([contactAccess(workspace.id, contact.id), listContactLinks(workspace.id, contact.id), contactActivity(workspace.id, contact.id)]);
  const name = `${contact.firstName} ${contact.lastName}`.trim() || contact.email;
  const canManage = roleAtLeast(role, "admin");
  const live = access.grants.length > 0 || access.memberships.length > 0;
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/contacts`} className="text-sm text-zinc-600 hover:underline">
          ← Contacts
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">{name}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-zinc-600">
          <span className="break-all">{contact.email}</span>
          <StatusBadge status={contact.portalStatus} label={`portal: ${contact.portalStatus}`} />
          <span>· last sign-in {formatStamp(contact.lastLoginAt)}</span>
          <span>· {contact.passwordHash ? "has a password" : "no password yet"}</span>
        </p>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardTitle>Access</CardTitle>
          {!live ? <p className="mt-2 text-sm text-amber-800">No active offer or group: links will not let this contact in.</p> : null}
          <ul className="mt-3 space-y-1 text-sm">
            {access.grants.map((g) => (
              <li key={g.title}>Offer: <span className="font-medium">{g.title}</span> <span className="text-zinc-500">({g.source}, {formatStamp(g.grantedAt)})</span></li>
            ))}
            {access.memberships.map((m) => (
              <li key={m.name}>Group: <span className="font-medium">{m.name}</span></li>
            ))}
          </ul>
        </Card>
        <Card>
          <CardTitle>Generate magic link</CardTitle>
          <p className="mb-4 mt-1 text-sm text-zinc-600">A personal sign-in link you can copy and send anywhere. Generating a new one cancels the previous magic link.</p>
          <GenerateMagicLink workspace={workspace.slug} contactId={contact.id} />
        </Card>
      </div>

      <Card>
        <CardTitle>Actions</CardTitle>
        <div className="mt-4">
          <QuickActions workspace={workspace.slug} contactId={contact.id} email={contact.email} canManage={canManage} hasPassword={!!contact.passwordHash} />
        </div>
      </Card>

      <Card className="p-0">
        <CardTitle className="px-6 pt-6">Links and codes</CardTitle>
        {links.length === 0 ? (
          <p className="px-6 pb-6 pt-2 text-sm text-zinc-600">No links issued in the last 30 days.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="links-table">
              <thead className="border-y border-zinc-200 bg-zinc-50 text-xs text-zinc-500 uppercase">
                <tr>
                  <th className="px-4 py-2 font-medium">Kind</th>
                  <th className="px-4 py-2 font-medium">State</th>
                  <th className="px-4 py-2 font-medium">Issued</th>
                  <th className="px-4 py-2 font-medium">Expires</th>
                  <th className="px-4 py-2 font-medium">Opened</th>
                  <th className="px-4 py-2 font-medium">Used</th>
                  <th className="px-4 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {links.map((l) => {
                  const s = linkState(l);
                  return (
                    <tr key={l.id}>
                      <td className="px-4 py-2 font-medium">{KIND_LABEL[l.kind] ?? l.kind}<div className="text-xs font-normal text-zinc-500">via {l.issuedVia.replace(/_/g, " ")}</div></td>
                      <td className="px-4 py-2"><StatusBadge status={s.status} label={s.label} /></td>
                      <td className="px-4 py-2 whitespace-nowrap text-zinc-600">{formatStamp(l.createdAt)}</td>
                      <td className="px-4 py-2 whitespace-nowrap text-zinc-600">{formatStamp(l.expiresAt)}</td>
                      <td className="px-4 py-2 whitespace-nowrap text-zinc-600">{formatStamp(l.firstOpenedAt)}</td>
                      <td className="px-4 py-2 whitespace-nowrap text-zinc-600">{formatStamp(l.usedAt)}</td>
                      <td className="px-4 py-2 text-right">{s.live && canManage ? <RevokeButton workspace={workspace.slug} contactId={contact.id} tokenId={l.id} /> : null}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card>
        <CardTitle>Activity</CardTitle>
        {activity.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-600">Nothing yet.</p>
        ) : (
          <ol className="mt-3 divide-y divide-zinc-100 text-sm" data-testid="activity">
            {activity.map(({ entry, adminName }) => (
              <li key={entry.id} className="flex flex-wrap justify-between gap-x-4 py-2">
                <span>
                  <span className="font-medium">{entry.action.replace(/_/g, " ").replace(".", ": ")}</span>
                  <span className="text-zinc-500"> · by {entry.actorType === "admin" ? (adminName ?? "an admin") : entry.actorType}{entry.data?.via ? ` via ${String(entry.data.via).replace(/_/g, " ")}` : ""}</span>
                </span>
                <span className="text-xs text-zinc-500">
                  {formatStamp(entry.createdAt)}{entry.ip ? ` · ${entry.ip}` : ""}{entry.userAgent ? ` · ${entry.userAgent.slice(0, 60)}` : ""}
                </span>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </main>
  );
}
