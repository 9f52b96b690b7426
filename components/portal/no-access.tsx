import Link from "next/link";
import { PortalPage } from "./portal-page";

/** Shown (with a 200, inside the portal) when a course, lesson or group is not open to this learner. */
export function NoAccess({ workspace, email, what, children }: { workspace: { slug: string; name: string; logoUrl: string | null }; email: string; what: string; children?: React.ReactNode }) {
  return (
    <PortalPage workspace={workspace} email={email} title={`This ${what} is not open to you`} narrow>
      <div className="mt-4 space-y-3 text-sm text-zinc-700" data-testid="no-access">
        {children ?? <p>It does not exist, or your access to it has ended. If you think this is a mistake, contact {workspace.name}.</p>}
        <p>
          <Link href={`/p/${workspace.slug}`} className="text-accent hover:underline">
            Back to my portal
          </Link>
        </p>
      </div>
    </PortalPage>
  );
}
