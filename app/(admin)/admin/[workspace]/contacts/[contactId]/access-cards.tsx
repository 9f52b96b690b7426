import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { addMemberAction, removeMemberAction } from "../../groups/actions";
import { grantOfferAction, resendWelcomeAction, revokeOfferAction } from "./actions";

type Grant = { offerId: string; title: string; source: string; grantedAt: Date };
type Option = { id: string; label: string };

/** Contact record → Offers: grant from a dropdown, revoke, and "Resend" the welcome email. */
export function OffersCard({ workspace, contactId, grants, offers, canManage }: { workspace: string; contactId: string; grants: Grant[]; offers: Option[]; canManage: boolean }) {
  const hidden = { workspace, contactId };
  const available = offers.filter((o) => !grants.some((g) => g.offerId === o.id));
  return (
    <Card>
      <CardTitle>Offers</CardTitle>
      <ul className="mt-3 divide-y divide-zinc-100 text-sm" data-testid="contact-offers">
        {grants.map((g) => (
          <li key={g.offerId} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              <span className="font-medium">{g.title}</span>
              <span className="block text-xs text-zinc-500">via {g.source} · <LocalTime at={g.grantedAt} /></span>
            </span>
            <span className="flex gap-1">
              <ActionForm action={resendWelcomeAction} hidden={hidden}>
                <Button type="submit" variant="secondary" size="sm">Resend</Button>
              </ActionForm>
              {canManage ? (
                <ActionForm action={revokeOfferAction} hidden={{ ...hidden, offerId: g.offerId }} confirm={`Revoke ${g.title}? The contact loses the courses it gives them (unless another offer includes them).`}>
                  <Button type="submit" variant="ghost" size="sm" className="text-red-700">Revoke</Button>
                </ActionForm>
              ) : null}
            </span>
          </li>
        ))}
        {grants.length === 0 ? <li className="py-2 text-zinc-600">No active offers.</li> : null}
      </ul>
      {canManage ? (
        // Stays mounted after the last offer is granted, so its confirmation stays visible.
        <ActionForm action={grantOfferAction} hidden={hidden} className="mt-3">
          {available.length ? (
            <div className="flex gap-2">
              <label htmlFor="grant-offer" className="sr-only">Offer to grant</label>
              <Select id="grant-offer" name="offerId" defaultValue="">
                <option value="" disabled>Choose an offer…</option>
                {available.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
              </Select>
              <Button type="submit">Grant</Button>
            </div>
          ) : (
            <p className="text-sm text-zinc-500">{offers.length ? "Every offer is granted." : "No offers yet: create one under Offers."}</p>
          )}
        </ActionForm>
      ) : null}
    </Card>
  );
}

export function GroupsCard({ workspace, contactId, memberships, groups, canManage }: { workspace: string; contactId: string; memberships: { groupId: string; name: string }[]; groups: Option[]; canManage: boolean }) {
  const hidden = { workspace, contactId };
  const available = groups.filter((g) => !memberships.some((m) => m.groupId === g.id));
  return (
    <Card>
      <CardTitle>Groups</CardTitle>
      <ul className="mt-3 divide-y divide-zinc-100 text-sm" data-testid="contact-groups">
        {memberships.map((m) => (
          <li key={m.groupId} className="flex items-center justify-between gap-2 py-2">
            <span className="font-medium">{m.name}</span>
            {canManage ? (
              <ActionForm action={removeMemberAction} hidden={{ ...hidden, groupId: m.groupId }}>
                <Button type="submit" variant="ghost" size="sm">Remove</Button>
              </ActionForm>
            ) : null}
          </li>
        ))}
        {memberships.length === 0 ? <li className="py-2 text-zinc-600">Not in any group.</li> : null}
      </ul>
      {canManage && available.length ? (
        <ActionForm action={addMemberAction} hidden={hidden} className="mt-3">
          <div className="flex gap-2">
            <label htmlFor="add-group" className="sr-only">Group</label>
            <Select id="add-group" name="groupId" defaultValue="">
              <option value="" disabled>Choose a group…</option>
              {available.map((g) => <option key={g.id} value={g.id}>{g.label}</option>)}
            </Select>
            <Button type="submit" variant="secondary">Add</Button>
          </div>
        </ActionForm>
      ) : null}
    </Card>
  );
}
