import type { Metadata } from "next";
import { StatusBadge } from "@/components/admin/status-badge";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { LocalTime } from "@/components/ui/local-time";
import { listTeam, ROLES } from "@/lib/tenancy/team";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { SettingsNav } from "../settings-nav";
import { InviteTeamMemberForm, RemoveMemberForm, RoleForm } from "./team-forms";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role, admin } = await requireWorkspaceAdmin(slug);
  const team = await listTeam(workspace.id);
  const canManage = roleAtLeast(role, "admin");
  const assignable = ROLES.filter((r) => r.value !== "owner" || role === "owner");
  return (
    <main>
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SettingsNav workspace={workspace.slug} />
      <Card className="mt-6 p-0">
        <CardTitle className="px-6 pt-6">Team members</CardTitle>
        <ul className="mt-3 divide-y divide-zinc-100" data-testid="team">
          {team.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 px-6 py-3 text-sm">
              <div className="min-w-0">
                <p className="font-medium">
                  {m.name}
                  {m.id === admin.id ? <span className="text-zinc-500"> (you)</span> : null}
                </p>
                <p className="break-all text-zinc-600">{m.email}</p>
                <p className="text-xs text-zinc-600">{m.hasPassword ? <>Last sign-in <LocalTime at={m.lastLoginAt} /></> : "Invitation sent; no password yet"}</p>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge status={m.role === "owner" ? "live" : m.role === "admin" ? "active" : "none"} label={m.role} />
                {canManage && (m.role !== "owner" || role === "owner") ? (
                  <>
                    <RoleForm workspace={workspace.slug} memberId={m.id} role={m.role} roles={assignable} name={m.name} />
                    <RemoveMemberForm workspace={workspace.slug} memberId={m.id} name={m.name} />
                  </>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </Card>
      {canManage ? (
        <Card className="mt-6">
          <CardTitle>Invite a team member</CardTitle>
          <p className="mt-1 mb-4 text-sm text-zinc-600">They get an email with a link to choose their own password. Nobody sees or sends passwords.</p>
          <InviteTeamMemberForm workspace={workspace.slug} roles={assignable} />
        </Card>
      ) : (
        <Alert className="mt-6">Only an admin or owner can invite or remove team members.</Alert>
      )}
      <Card className="mt-6">
        <CardTitle>Roles</CardTitle>
        <dl className="mt-3 space-y-2 text-sm">
          {ROLES.map((r) => (
            <div key={r.value}>
              <dt className="font-medium">{r.label}</dt>
              <dd className="text-zinc-600">{r.description}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </main>
  );
}
