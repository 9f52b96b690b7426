import { LayoutDashboard, Plus, Users } from "lucide-react";
import Link from "next/link";
import { NavLink } from "@/components/admin/nav-link";
import { WorkspaceSwitcher } from "@/components/admin/workspace-switcher";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { listWorkspacesForMember } from "@/lib/tenancy/workspaces";
import { SignOutButton } from "../sign-out-button";

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { admin, workspace, role } = await requireWorkspaceAdmin(slug);
  const all = await listWorkspacesForMember(admin.id);
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[16rem_1fr]">
      <aside className="border-b border-zinc-200 bg-white p-4 md:min-h-dvh md:border-r md:border-b-0">
        <p className="mb-3 text-xs font-semibold tracking-wide text-accent uppercase">Portico</p>
        <WorkspaceSwitcher
          current={{ slug: workspace.slug, name: workspace.name, role }}
          workspaces={all.map((m) => ({ slug: m.workspace.slug, name: m.workspace.name, role: m.role }))}
        />
        <nav aria-label="Dashboard" className="mt-6 space-y-1 text-sm">
          <NavLink href={`/admin/${workspace.slug}`} exact>
            <LayoutDashboard className="size-4" aria-hidden /> Client Portal
          </NavLink>
          <NavLink href={`/admin/${workspace.slug}/contacts`}>
            <Users className="size-4" aria-hidden /> Contacts
          </NavLink>
          <Link href="/admin/new-workspace" className="flex items-center gap-2 rounded-md px-2 py-1.5 text-zinc-700 hover:bg-zinc-100">
            <Plus className="size-4" aria-hidden /> New workspace
          </Link>
        </nav>
        <div className="mt-6 border-t border-zinc-200 pt-4 text-sm">
          <p className="truncate font-medium" data-testid="admin-name">{admin.name}</p>
          <p className="truncate text-xs text-zinc-500">{admin.email}</p>
          <div className="mt-2 -ml-3">
            <SignOutButton />
          </div>
        </div>
      </aside>
      <div className="min-w-0 p-4 sm:p-8">{children}</div>
    </div>
  );
}
