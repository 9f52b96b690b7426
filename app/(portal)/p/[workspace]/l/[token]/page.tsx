import type { Metadata } from "next";
import { headers } from "next/headers";
import { AuthShell } from "@/components/auth/auth-shell";
import { DeadLink } from "@/components/auth/dead-link";
import { Button } from "@/components/ui/button";
import { currentLearner } from "@/lib/auth/session";
import { openLink } from "@/lib/links/landing";
import { deadLinkInfo, replacesUnprovenPassword } from "@/lib/links/link-page";
import { requestInfoFrom } from "@/lib/request-info";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";
import { SetPasswordForm } from "./set-password-form";

// The token is in the address: never send it on to another site in a Referer header.
// same-origin: the token in this URL never reaches another site in a Referer, while the page's own
// form still sends a real Origin (under no-referrer browsers send Origin: null, which is refused).
export const metadata: Metadata = { title: "Continue", referrer: "same-origin", robots: { index: false, follow: false } };

/**
 * Opening a link (GET) never uses it (SPEC §3 rule 1): sign-in links show a confirmation
 * whose button POSTs the token (no JavaScript needed); setup and reset links show the
 * set-password form, which uses the link when submitted.
 */
export default async function LinkLandingPage({ params }: { params: Promise<{ workspace: string; token: string }> }) {
  const { workspace: slug, token } = await params;
  const workspace = await portalWorkspaceOr404(slug);
  const landing = await openLink(workspace, token, requestInfoFrom(await headers()));
  // A used link's second chance is for a browser whose sign-in was lost; one that is signed in is told it was used.
  if (landing.state === "dead" || (landing.state === "confirm" && landing.again && (await currentLearner(workspace)))) {
    const [info, learner] = await Promise.all([deadLinkInfo(workspace, token), currentLearner(workspace)]);
    return <DeadLink workspace={workspace} problem={landing.state === "dead" ? landing.problem : "used"} cause={info?.cause} linkRef={info?.ref} signedIn={!!learner} />;
  }
  if (landing.state === "confirm") {
    return (
      <AuthShell brand={workspace.name} logoUrl={workspace.logoUrl} title={`Continue to ${workspace.name}`} subtitle={`as ${landing.maskedEmail}`}>
        <form method="post" action={`/p/${workspace.slug}/auth/redeem`} className="space-y-4">
          <input type="hidden" name="token" value={token} />
          <p className="text-sm text-zinc-600">
            This takes you to: <span className="font-medium text-zinc-900">{landing.leadsTo}</span>
          </p>
          <Button type="submit" size="lg" className="w-full">
            Continue
          </Button>
          <p className="text-xs text-zinc-500">Not you? Close this page: nothing happens until you continue.</p>
        </form>
      </AuthShell>
    );
  }
  const reset = landing.kind === "password_reset";
  // A password set through the checkout's "View Dashboard" is unproven (SPEC §3): this link replaces it.
  const again = !reset && (await replacesUnprovenPassword(workspace, token));
  return (
    <AuthShell
      brand={workspace.name}
      logoUrl={workspace.logoUrl}
      title={reset ? "Choose a new password" : again ? "Secure your account" : `Welcome to ${workspace.name}`}
      subtitle={reset ? `For ${landing.email}` : again ? `Choose your password again for ${landing.email}` : `Choose a password for ${landing.email}`}
    >
      {again ? (
        <p className="mb-4 text-sm text-zinc-700" data-testid="choose-again">
          You set a password right after checkout. To make sure this account is yours, choose your password once more here: it replaces the one you set then, and signs out any other device using it.
        </p>
      ) : null}
      <SetPasswordForm workspace={workspace.slug} token={token} email={landing.email} related={[landing.email, landing.firstName, landing.lastName]} submitLabel={reset ? "Save password and sign in" : "Set password and continue"} />
    </AuthShell>
  );
}
