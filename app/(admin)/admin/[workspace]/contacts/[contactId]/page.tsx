import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/admin/status-badge";
import { Card, CardTitle } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { contactActivity } from "@/lib/contacts/activity";
import { contactAccess, getContactOrThrow } from "@/lib/contacts/record";
import { listContactLinks, type LinkRow } from "@/lib/links/admin-links";
import { deadReason } from "@/lib/links/state";
import { magicLinkLifetime } from "@/lib/links/policy";
import { LocalTime } from "@/components/ui/local-time";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { DeliveryLog } from "@/components/admin/delivery-log";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { listGroups } from "@/lib/access/groups";
import { listDeliveryLog } from "@/lib/mail/delivery-log";
import { listSuppressions } from "@/lib/mail/webhooks";
import { liftSuppressionAction } from "../../emails/actions";
import { listOffers } from "@/lib/access/offers";
import { GroupsCard, OffersCard } from "./access-cards";
import { GenerateMagicLink, PreviewForm, QuickActions, RevokeButton } from "./contact-actions";
import { CoursesTab } from "./courses-tab";
import { OverviewTab } from "./overview-tab";
import { ContactRuns } from "@/components/workflows/contact-runs";
import { listRuns } from "@/lib/workflows/runs";

export const metadata: Metadata = { title: "Contact" };

const KIND_LABEL: Record<string, string> = {
  learner_magic_link: "Magic link",
  login_link: "Login link",
  password_setup: "Set-password link",
  password_reset: "Reset link",
  login_code: "Login code",
};


const REVOKED_WHY: Record<string, string> = { password_changed: "password set or changed", signed_out: "signed out everywhere", access_revoked: "access ended", revoked: "by the team", burned: "too many wrong tries" };

function linkState(l: LinkRow) {
  const dead = deadReason(l);
  const uses = l.kind === "learner_magic_link" && l.useCount ? ` · used ${l.useCount}×` : "";
  if (!dead) return { live: true, label: `live${uses}`, status: "live" };
  const why = dead === "revoked" && l.revokedReason ? REVOKED_WHY[l.revokedReason] : undefined;
  return { live: false, label: `${dead}${why ? ` (${why})` : ""}${uses}`, status: dead };
}

const TABS = [
  { key: "overview", label: "Overview" },
  { key: "offers", label: "Offers" },
  { key: "groups", label: "Groups" },
  { key: "courses", label: "Courses" },
  { key: "actions", label: "Actions" },
  { key: "links", label: "Links" },
  { key: "emails", label: "Emails" },
  { key: "activity", label: "Activity" },
] as const;
type TabKey = (typeof TABS)[number]["key"];

export default async function ContactPage({ params, searchParams }: { params: Promise<{ workspace: string; contactId: string }>; searchParams: Promise<{ tab?: string }> }) {
  const { workspace: slug, contactId } = await params;
  const requested = (await searchParams).tab;
  const tab: TabKey = TABS.some((t) => t.key === requested) ? (requested as TabKey) : "overview";
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const contact = await getContactOrThrow(workspace.id, contactId);
  const [access, links, activity, offers, groups] = await Promise.all([
    contactAccess(workspace.id, contact.id),
    listContactLinks(workspace.id, contact.id),
    contactActivity(workspace.id, contact.id),
    listOffers(workspace.id),
    listGroups(workspace.id),
  ]);
  const [emails, suppressions] = await Promise.all([listDeliveryLog(workspace.id, { contactId: contact.id }), listSuppressions(workspace.id, contact.email)]);
  const runs = tab === "activity" ? await listRuns(workspace.id, { contactId: contact.id, limit: 20 }) : [];
  const name = `${contact.firstName} ${contact.lastName}`.trim() || contact.email;
  const canManage = roleAtLeast(role, "admin");
  const live = access.grants.length > 0 || access.memberships.length > 0;
  const liveLinks = links.filter((l) => !deadReason(l)).length;
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
          <span>· last sign-in <LocalTime at={contact.lastLoginAt} /></span>
          <span>· {contact.passwordHash ? "has a password" : "no password yet"}</span>
        </p>
      </div>

      <nav aria-label="Contact sections" className="-mx-1 flex gap-1 overflow-x-auto border-b border-zinc-200 pb-px text-sm">
        {TABS.map((t) => (
          <Link
            key={t.key}
            href={`/admin/${workspace.slug}/contacts/${contact.id}${t.key === "overview" ? "" : `?tab=${t.key}`}`}
            aria-current={tab === t.key ? "page" : undefined}
            className={`shrink-0 rounded-t-md border-b-2 px-3 py-2 ${tab === t.key ? "border-accent font-medium text-zinc-900" : "border-transparent text-zinc-600 hover:text-zinc-900"}`}
          >
            {t.label}
            {t.key === "links" && liveLinks ? <span className="ml-1 rounded-full bg-zinc-100 px-1.5 text-xs">{liveLinks}</span> : null}
          </Link>
        ))}
      </nav>

      {!live ? <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">No active offer and no group: links will not let this contact in.</p> : null}
      {tab === "overview" ? <OverviewTab workspace={workspace.slug} contact={contact} canManage={canManage} access={access} /> : null}
      {tab === "offers" ? <div className="max-w-3xl">
        <OffersCard workspace={workspace.slug} contactId={contact.id} grants={access.grants} offers={offers.map((o) => ({ id: o.offer.id, label: `${o.offer.title}${o.offer.status === "draft" ? " (draft)" : ""}` }))} canManage={canManage} />
      </div> : null}
      {tab === "groups" ? <div className="max-w-3xl">
        <GroupsCard workspace={workspace.slug} contactId={contact.id} memberships={access.memberships} groups={groups.map((g) => ({ id: g.group.id, label: g.group.name }))} canManage={canManage} />
      </div> : null}
      {tab === "courses" ? <CoursesTab workspace={workspace} contactId={contact.id} /> : null}
      {tab === "actions" ? (
        <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardTitle>Generate magic link</CardTitle>
          <p className="mb-4 mt-1 text-sm text-zinc-600">A personal sign-in link you can copy and send anywhere. Generating a new one cancels the previous magic link.</p>
          <GenerateMagicLink workspace={workspace.slug} contactId={contact.id} canGenerate={canManage} {...magicLinkLifetime(workspace)} />
        </Card>
        <Card>
          <CardTitle>Actions</CardTitle>
          <div className="mt-4">
            <QuickActions workspace={workspace.slug} contactId={contact.id} email={contact.email} canManage={canManage} hasPassword={!!contact.passwordHash} />
          </div>
        </Card>
          {canManage ? (
            <Card>
              <CardTitle>Preview as learner</CardTitle>
              <p className="mt-1 mb-4 text-sm text-zinc-600">See the portal exactly as this contact does, without issuing a link. Lasts 30 minutes at most, nothing can be changed in their name, and the reason is recorded on the contact.</p>
              <PreviewForm workspace={workspace.slug} contactId={contact.id} />
            </Card>
          ) : null}
        </div>
      ) : null}
      {tab === "links" ? (
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
                      <td className="px-4 py-2 whitespace-nowrap text-zinc-600"><LocalTime at={l.createdAt} /></td>
                      <td className="px-4 py-2 whitespace-nowrap text-zinc-600"><LocalTime at={l.expiresAt} /></td>
                      <td className="px-4 py-2 whitespace-nowrap text-zinc-600"><LocalTime at={l.firstOpenedAt} /></td>
                      <td className="px-4 py-2 whitespace-nowrap text-zinc-600"><LocalTime at={l.usedAt} /></td>
                      <td className="px-4 py-2 text-right">{s.live && canManage ? <RevokeButton workspace={workspace.slug} contactId={contact.id} tokenId={l.id} /> : null}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      ) : null}
      {tab === "emails" ? (
      <Card className="p-0">
        <div className="flex flex-wrap items-center justify-between gap-2 px-6 pt-6">
          <CardTitle>Email history</CardTitle>
          {emails.total > emails.rows.length ? (
            <Link className="text-sm text-accent hover:underline" href={`/admin/${workspace.slug}/emails?q=${encodeURIComponent(contact.email)}`}>All {emails.total} emails</Link>
          ) : null}
        </div>
        {suppressions.length ? (
          <div className="mx-6 mt-3 flex flex-wrap items-center justify-between gap-2 rounded-lg border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900" data-testid="suppressed">
            <span>Emails to this address are suppressed ({suppressions[0]!.reason}, <LocalTime at={suppressions[0]!.createdAt} />): they fail without being sent.</span>
            {canManage ? (
              <ActionForm action={liftSuppressionAction} hidden={{ workspace: workspace.slug, email: contact.email }} confirm="Send to this address again? Only do this if the address has been fixed.">
                <Button type="submit" variant="secondary" size="sm">Lift suppression</Button>
              </ActionForm>
            ) : null}
          </div>
        ) : null}
        <div className="mt-2">
          <DeliveryLog workspace={workspace.slug} rows={emails.rows} showRecipient={false} />
        </div>
      </Card>
      ) : null}
      {tab === "activity" ? <ContactRuns workspace={workspace.slug} runs={runs} /> : null}
      {tab === "activity" ? (
      <Card>
        <CardTitle>Activity</CardTitle>
        {activity.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-600">Nothing yet.</p>
        ) : (
          <ol className="mt-3 divide-y divide-zinc-100 text-sm" data-testid="activity">
            {activity.map((a) => (
              <li key={a.id} className="flex flex-wrap justify-between gap-x-4 py-2">
                <span>
                  <span className={a.kind === "event" ? "rounded bg-sky-50 px-1.5 py-0.5 text-xs text-sky-800" : "rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700"}>{a.kind}</span>{" "}
                  <span className="font-medium">{a.title}</span>
                  {a.subject ? <span>: {a.subject}</span> : null}
                  {a.by ? <span className="text-zinc-600"> · {a.by}</span> : null}
                </span>
                <span className="text-xs text-zinc-600" title={a.agent || undefined}>
                  <LocalTime at={a.at} />{a.detail ? ` · ${a.detail}` : ""}
                </span>
              </li>
            ))}
          </ol>
        )}
      </Card>
      ) : null}
    </main>
  );
}
