import type { Metadata } from "next";
import Link from "next/link";
import { GroupForm } from "@/components/admin/group-form";
import { Card, CardTitle } from "@/components/ui/card";
import { listGroups } from "@/lib/access/groups";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { saveGroupAction } from "./actions";
import { plural } from "@/lib/utils";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, role } = await requireWorkspaceAdmin((await params).workspace);
  const groups = await listGroups(workspace.id);
  return (
    <main className="space-y-6">
      <h1 className="text-2xl font-semibold">Community groups</h1>
      <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white shadow-sm">
        {groups.map(({ group, members }) => (
          <li key={group.id} className="flex items-center justify-between px-4 py-3 text-sm">
            <Link className="font-medium text-accent hover:underline" href={`/admin/${workspace.slug}/groups/${group.id}`}>{group.name}</Link>
            <span className="text-zinc-600">{plural(members, "member")}</span>
          </li>
        ))}
        {groups.length === 0 ? <li className="px-4 py-6 text-sm text-zinc-600">No groups yet.</li> : null}
      </ul>
      {roleAtLeast(role, "admin") ? (
        <Card>
          <CardTitle>New group</CardTitle>
          <div className="mt-4"><GroupForm action={saveGroupAction} workspace={workspace.slug} /></div>
        </Card>
      ) : null}
    </main>
  );
}
