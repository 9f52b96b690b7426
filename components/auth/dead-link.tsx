import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import type { LinkProblem } from "@/lib/links/state";
import { AuthShell } from "./auth-shell";
import { BackLink } from "./back-link";

const WHY: Record<LinkProblem, { title: string; text: string }> = {
  unknown: { title: "This link is not valid", text: "We do not recognise this link. Check that you copied the whole address from your email." },
  expired: { title: "This link has expired", text: "Links stop working after a while to keep your account safe." },
  used: { title: "This link was already used", text: "Sign-in and password links work once. If it was not you who used it, change your password after signing in." },
  replaced: { title: "A newer link was sent", text: "This link was replaced by a newer one. Use the link in your most recent email." },
  revoked: { title: "This link was cancelled", text: "It was cancelled, for example because the password was changed or the team revoked it." },
  no_access: { title: "Your access is not active", text: "This account has no active access to this portal right now. If you think this is a mistake, contact the business that gave you access." },
};

/** One clear page for every dead link (SPEC §3 rule 2), with a way to get a new one. */
export function DeadLink({ workspace, problem }: { workspace: { slug: string; name: string; logoUrl: string | null }; problem: LinkProblem }) {
  const why = WHY[problem];
  return (
    <AuthShell
      brand={workspace.name}
      logoUrl={workspace.logoUrl}
      title={why.title}
      footer={problem === "no_access" ? <BackLink href={`/p/${workspace.slug}/login`}>Back to sign in</BackLink> : null}
    >
      <p className="text-sm text-zinc-700" data-testid="dead-link-reason" data-reason={problem}>
        {why.text}
      </p>
      {problem !== "no_access" ? (
        <Link href={`/p/${workspace.slug}/login/email`} className={buttonVariants({ className: "mt-5 w-full" })}>
          Email me a new link
        </Link>
      ) : null}
    </AuthShell>
  );
}
