import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GroupForm } from "@/components/admin/group-form";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { getGroup, listMembers } from "@/lib/access/groups";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { LocalTime } from "@/components/ui/local-time";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { addMemberAction, removeMemberAction, saveGroupAction } from "../actions";

export const metadata: Metadata = { title: "Group" };

export default async function GroupPage({ params }: { params: Promise<{ workspace: string; groupId: string }> }) {
  const { workspace: slug, groupId } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const group = await getGroup(workspace.id, groupId);
  if (!group) notFound();
  const members = await listMembers(workspace.id, group.id);
  const canEdit = roleAtLeast(role, "admin");
  return (
    <main className="space-y-6">
      <div>
        <Link href={`/admin/${workspace.slug}/groups`} className="text-sm text-zinc-600 hover:underline">← Groups</Link>
        <h1 className="mt-2 text-2xl font-semibold">{group.name}</h1>
      </div>
      <Card>
        <CardTitle>Members ({members.length})</CardTitle>
        {canEdit ? (
          <ActionForm action={addMemberAction} hidden={{ workspace: workspace.slug, groupId: group.id }} className="mt-4">
            <div className="flex max-w-lg gap-2">
              <label htmlFor="member-email" className="sr-only">Contact email</label>
              <Input id="member-email" name="email" type="email" placeholder="Contact email" required />
              <Button type="submit" className="shrink-0">Add member</Button>
            </div>
          </ActionForm>
        ) : null}
        <ul className="mt-4 divide-y divide-zinc-100 text-sm" data-testid="members">
          {members.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <Link className="text-accent hover:underline" href={`/admin/${workspace.slug}/contacts/${m.id}`}>{`${m.firstName} ${m.lastName}`.trim() || m.email}</Link>
              <span className="flex items-center gap-3 text-zinc-600">
                <span className="hidden sm:inline">{m.email} · joined <LocalTime at={m.joinedAt} /></span>
                {canEdit ? (
                  <ActionForm action={removeMemberAction} hidden={{ workspace: workspace.slug, groupId: group.id, contactId: m.id }} confirm={`Remove ${m.email} from ${group.name}?`}>
                    <Button type="submit" variant="ghost" size="sm">Remove</Button>
                  </ActionForm>
                ) : null}
              </span>
            </li>
          ))}
          {members.length === 0 ? <li className="py-2 text-zinc-600">No members yet.</li> : null}
        </ul>
      </Card>
      <Card>
        <CardTitle>Details</CardTitle>
        <div className="mt-4"><GroupForm action={saveGroupAction} workspace={workspace.slug} group={group} disabled={!canEdit} /></div>
      </Card>
    </main>
  );
}
