import { BookOpen, LayoutDashboard, ListFilter, Mail, MessagesSquare, Plus, Settings, Tag, Users, Workflow } from "lucide-react";
import Link from "next/link";
import { AdminSidebar } from "@/components/admin/admin-sidebar";
import { NavLink } from "@/components/admin/nav-link";
import { Toaster } from "@/components/ui/toaster";
import { WorkspaceSwitcher } from "@/components/admin/workspace-switcher";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { listSmartLists } from "@/lib/contacts/smart-lists";
import { listWorkspacesForMember, roleAtLeast } from "@/lib/tenancy/workspaces";
import { SignOutButton } from "../sign-out-button";

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { admin, workspace, role } = await requireWorkspaceAdmin(slug);
  const [all, smartLists] = await Promise.all([listWorkspacesForMember(admin.id), listSmartLists(workspace.id)]);
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[16rem_1fr]">
      <AdminSidebar workspaceName={workspace.name}>
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
          {smartLists.length ? (
            <ul aria-label="Smart lists" className="space-y-0.5 pl-6">
              {smartLists.map((l) => (
                <li key={l.id}>
                  <Link href={`/admin/${workspace.slug}/contacts${l.href}`} className="flex items-center gap-2 rounded-md px-2 py-1 text-xs text-zinc-700 hover:bg-zinc-100">
                    <ListFilter className="size-3.5" aria-hidden /> {l.name}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          <NavLink href={`/admin/${workspace.slug}/offers`}>
            <Tag className="size-4" aria-hidden /> Offers
          </NavLink>
          <NavLink href={`/admin/${workspace.slug}/courses`}>
            <BookOpen className="size-4" aria-hidden /> Courses
          </NavLink>
          <NavLink href={`/admin/${workspace.slug}/groups`}>
            <MessagesSquare className="size-4" aria-hidden /> Groups
          </NavLink>
          <NavLink href={`/admin/${workspace.slug}/emails`}>
            <Mail className="size-4" aria-hidden /> Emails
          </NavLink>
          <NavLink href={`/admin/${workspace.slug}/workflows`}>
            <Workflow className="size-4" aria-hidden /> Workflows
          </NavLink>
          <NavLink href={`/admin/${workspace.slug}/settings`}>
            <Settings className="size-4" aria-hidden /> Settings
          </NavLink>
          {roleAtLeast(role, "owner") ? (
          <Link href="/admin/new-workspace" className="flex items-center gap-2 rounded-md px-2 py-1.5 text-zinc-700 hover:bg-zinc-100">
            <Plus className="size-4" aria-hidden /> New workspace
          </Link>
          ) : null}
        </nav>
        <div className="mt-6 border-t border-zinc-200 pt-4 text-sm">
          <p className="truncate font-medium" data-testid="admin-name">{admin.name}</p>
          <p className="truncate text-xs text-zinc-500">{admin.email}</p>
          <div className="mt-2 -ml-3">
            <SignOutButton />
          </div>
        </div>
      </AdminSidebar>
      <div className="min-w-0 p-4 sm:p-8">
        <Toaster>{children}</Toaster>
      </div>
    </div>
  );
}
