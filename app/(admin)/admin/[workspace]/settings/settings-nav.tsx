import { NavLink } from "@/components/admin/nav-link";

export function SettingsNav({ workspace }: { workspace: string }) {
  const base = `/admin/${workspace}`;
  return (
    <nav aria-label="Settings" className="mt-4 flex flex-wrap gap-1 border-b border-zinc-200 pb-2 text-sm">
      <NavLink href={`${base}/settings`} exact>Portal</NavLink>
      <NavLink href={`${base}/settings/team`}>Team</NavLink>
      <NavLink href={`${base}/emails/system`}>System emails</NavLink>
      <NavLink href={`${base}/settings/api-keys`}>API keys</NavLink>
      <NavLink href={`${base}/settings/webhooks`}>Webhooks</NavLink>
      <NavLink href={`${base}/settings/system`}>System</NavLink>
    </nav>
  );
}
