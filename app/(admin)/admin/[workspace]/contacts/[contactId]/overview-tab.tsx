import { StatusBadge } from "@/components/admin/status-badge";
import { Card, CardTitle } from "@/components/ui/card";
import type { Contact } from "@/db/schema";
import { LocalTime } from "@/components/ui/local-time";
import { ProfileForm } from "./profile-form";

type Access = { grants: { title: string }[]; memberships: { name: string }[] };

export function OverviewTab({ workspace, contact, canManage, access }: { workspace: string; contact: Contact; canManage: boolean; access: Access }) {
  const facts = [
    ["Portal status", <StatusBadge key="s" status={contact.portalStatus} />],
    ["Password", contact.passwordHash ? "set" : "not set yet"],
    ["Invited", <LocalTime key="i" at={contact.invitedAt} />],
    ["First sign-in", <LocalTime key="f" at={contact.firstLoginAt} />],
    ["Last sign-in", <LocalTime key="l" at={contact.lastLoginAt} />],
    ["Added", <LocalTime key="a" at={contact.createdAt} />],
    ["Offers", access.grants.map((g) => g.title).join(", ") || "none"],
    ["Groups", access.memberships.map((m) => m.name).join(", ") || "none"],
  ] as const;
  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <Card>
        <CardTitle>Profile</CardTitle>
        <p className="mt-1 mb-4 text-sm text-zinc-600">The email address is the contact&apos;s sign-in identity and cannot be edited here.</p>
        <ProfileForm workspace={workspace} contactId={contact.id} canEdit={canManage} profile={{ firstName: contact.firstName, lastName: contact.lastName, phone: contact.phone ?? "", tags: contact.tags.join(", ") }} />
      </Card>
      <Card>
        <CardTitle>Portal</CardTitle>
        <dl className="mt-3 space-y-2 text-sm">
          {facts.map(([k, v]) => (
            <div key={k} className="flex justify-between gap-3">
              <dt className="text-zinc-600">{k}</dt>
              <dd className="text-right">{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}
