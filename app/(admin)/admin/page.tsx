import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { requireAdmin } from "@/lib/auth/session";
import { listWorkspacesForMember } from "@/lib/tenancy/workspaces";
import { SignOutButton } from "./sign-out-button";

export default async function AdminIndex() {
  const admin = await requireAdmin();
  const [first] = await listWorkspacesForMember(admin.id);
  if (first) redirect(`/admin/${first.workspace.slug}`);
  return (
    <AuthShell brand="Portico" title="No workspace yet">
      <p className="text-sm text-zinc-700">You are not a team member of any workspace. Ask a workspace owner to invite you.</p>
      <div className="mt-4">
        <SignOutButton />
      </div>
    </AuthShell>
  );
}
