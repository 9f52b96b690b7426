import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import type { LinkProblem, RevokeCause } from "@/lib/links/state";
import { AuthShell } from "./auth-shell";
import { BackLink } from "./back-link";

type Words = { title: string; text: string };

const WHY: Record<LinkProblem, Words> = {
  unknown: { title: "This link is not valid", text: "We do not recognise this link. Check that you copied the whole address from your email." },
  expired: { title: "This link has expired", text: "Links stop working after a while to keep your account safe." },
  used: { title: "This link was already used", text: "Sign-in and password links work once. If it was not you who used it, change your password after signing in." },
  replaced: { title: "A newer link was sent", text: "This link was replaced by a newer one. Use the link in your most recent email." },
  revoked: { title: "This link was cancelled", text: "The team of this portal cancelled this link." },
  no_access: { title: "Your access is not active", text: "This account has no active access to this portal right now. If you think this is a mistake, contact the business that gave you access." },
};

/** A revoked link says what revoked it (auth_tokens.revoked_reason). */
const REVOKED: Record<RevokeCause, Words> = {
  password_changed: { title: "This link was cancelled", text: "The password of this account was set or changed after this link was sent, so older links stopped working." },
  signed_out: { title: "This link was cancelled", text: "Someone chose “Sign out everywhere” on this account, which ends every sign-in link sent before." },
  access_revoked: { title: "This link was cancelled", text: "The access this link was sent for has ended, so the link stopped working." },
  by_team: WHY.revoked,
  burned: { title: "This link was cancelled", text: "A code sent with it was typed wrong too many times, so it was cancelled to keep your account safe." },
};

/**
 * One clear page for every dead link (SPEC §3 rule 2), with a way on: "Email me a new link"
 * (pre-filled, masked, through an opaque reference), and for a signed-in learner their portal.
 */
export function DeadLink({ workspace, problem, cause, linkRef, signedIn }: {
  workspace: { slug: string; name: string; logoUrl: string | null };
  problem: LinkProblem;
  cause?: RevokeCause | null;
  linkRef?: string | null;
  signedIn?: boolean;
}) {
  const why = problem === "revoked" && cause ? REVOKED[cause] : WHY[problem];
  const base = `/p/${workspace.slug}`;
  const newLink = linkRef ? `${base}/login/email?ref=${encodeURIComponent(linkRef)}` : `${base}/login/email`;
  return (
    <AuthShell
      brand={workspace.name}
      logoUrl={workspace.logoUrl}
      title={why.title}
      footer={problem === "no_access" && !signedIn ? <BackLink href={`${base}/login`}>Back to sign in</BackLink> : null}
    >
      <p className="text-sm text-zinc-700" data-testid="dead-link-reason" data-reason={problem} data-cause={problem === "revoked" ? (cause ?? "by_team") : undefined}>
        {why.text}
      </p>
      {signedIn ? (
        <>
          <p className="mt-3 text-sm text-zinc-700">You are already signed in, so you do not need this link.</p>
          <Link href={base} className={buttonVariants({ className: "mt-5 w-full" })}>
            Go to my portal
          </Link>
        </>
      ) : null}
      {problem !== "no_access" ? (
        <Link href={newLink} className={buttonVariants({ variant: signedIn ? "secondary" : "primary", className: signedIn ? "mt-2 w-full" : "mt-5 w-full" })}>
          Email me a new link
        </Link>
      ) : null}
    </AuthShell>
  );
}
