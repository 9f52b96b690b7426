import Link from "next/link";
import { learnerSignOutAction } from "@/app/(portal)/p/[workspace]/actions";
import { Button } from "@/components/ui/button";

/** The portal's top bar: brand, sections, account and sign out. */
export function PortalHeader({ workspace, email }: { workspace: { slug: string; name: string; logoUrl: string | null }; email: string }) {
  const base = `/p/${workspace.slug}`;
  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <Link href={base} className="font-semibold text-accent">
          {workspace.logoUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- admin-provided URL of any host
            <img src={workspace.logoUrl} alt={workspace.name} className="h-8" />
          ) : (
            workspace.name
          )}
        </Link>
        <nav aria-label="Portal" className="flex items-center gap-1 text-sm">
          <Link className="rounded-md px-2 py-1 text-zinc-700 hover:bg-zinc-100" href={`${base}/courses`}>
            Courses
          </Link>
          <Link className="rounded-md px-2 py-1 text-zinc-700 hover:bg-zinc-100" href={`${base}/communities`}>
            Communities
          </Link>
          <Link className="rounded-md px-2 py-1 text-zinc-700 hover:bg-zinc-100" href={`${base}/account`} title={email}>
            Account
          </Link>
          <form action={learnerSignOutAction}>
            <input type="hidden" name="workspace" value={workspace.slug} />
            <Button type="submit" variant="secondary" size="sm" className="ml-1">
              Sign out
            </Button>
          </form>
        </nav>
      </div>
    </header>
  );
}
