import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { BackLink } from "@/components/auth/back-link";
import { Alert } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { currentLearner } from "@/lib/auth/session";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";
import { oidcProviderName } from "@/lib/auth/oidc";
import { destinationPath, nextOf, withNext } from "@/lib/links/destination";
import { isEmailOn } from "@/lib/mail/email-settings";
import { LearnerLoginForm } from "./login-form";
import { OidcButton } from "./oidc-button";
import { singleParams, type SearchParams } from "@/lib/utils";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, { tone: "error" | "info"; text: string }> = {
  no_access: { tone: "error", text: "Your access is not active. If you think this is a mistake, contact the business that gave you access." },
  oidc: { tone: "error", text: "We could not sign you in with that account. Use the email address your access was given to, or another way below." },
  everywhere: { tone: "info", text: "You were signed out on every device." },
  signed_out: { tone: "info", text: "You are signed out." },
  email_off: { tone: "info", text: "This portal does not send sign-in emails. Sign in with your password." },
  reset_off: { tone: "info", text: "This portal does not send password reset emails. If you forgot your password, contact the business that gave you access." },
};

export default async function LearnerLoginPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug } = await params;
  const query = singleParams(await searchParams);
  const workspace = await portalWorkspaceOr404(slug);
  // Where the learner was going (a deep link): kept through every way in, validated at each step.
  const next = nextOf(workspace.slug, query.next);
  if (await currentLearner(workspace)) redirect(destinationPath(workspace.slug, next));
  const notice = NOTICES[query.error ?? ""] ?? (query.signed_out === "everywhere" ? NOTICES.everywhere : query.signed_out ? NOTICES.signed_out : undefined);
  const base = `/p/${workspace.slug}`;
  const emailSignIn = isEmailOn(workspace, "login_link");
  return (
    <AuthShell
      brand={workspace.name}
      logoUrl={workspace.logoUrl}
      title="Sign in to your portal"
      footer={isEmailOn(workspace, "password_reset") ? <BackLink href={withNext(`${base}/forgot-password`, next)}>Forgot password?</BackLink> : undefined}
    >
      {notice ? (
        <Alert tone={notice.tone} className="mb-4">
          {notice.text}
        </Alert>
      ) : null}
      <LearnerLoginForm workspace={workspace.slug} next={next} />
      {emailSignIn || oidcProviderName ? (
        <>
          <div className="my-5 flex items-center gap-3 text-xs text-zinc-500" aria-hidden>
            <span className="h-px flex-1 bg-zinc-200" />
            or
            <span className="h-px flex-1 bg-zinc-200" />
          </div>
          <div className="space-y-2">
            {emailSignIn ? (
              <Link href={withNext(`${base}/login/email`, next)} className={buttonVariants({ variant: "secondary", className: "w-full" })}>
                Email me a login link or code
              </Link>
            ) : null}
            {oidcProviderName ? <OidcButton workspace={workspace.slug} label={`Continue with ${oidcProviderName}`} next={next} /> : null}
          </div>
        </>
      ) : null}
    </AuthShell>
  );
}
