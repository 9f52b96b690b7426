import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { isEmailOn } from "@/lib/mail/email-settings";
import { AuthShell } from "@/components/auth/auth-shell";
import { BackLink } from "@/components/auth/back-link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { currentLearner } from "@/lib/auth/session";
import { maskEmail, nextOf, withNext } from "@/lib/links/destination";
import { contactOfLinkRef } from "@/lib/links/link-page";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";
import { singleParams, type SearchParams } from "@/lib/utils";

export const metadata: Metadata = { title: "Email me a way in" };

/** A plain form (works without JavaScript): one address, two buttons. */
export default async function EmailSignInPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug } = await params;
  const query = singleParams(await searchParams);
  const workspace = await portalWorkspaceOr404(slug);
  const base = `/p/${workspace.slug}`;
  if (!isEmailOn(workspace, "login_link")) redirect(`${base}/login?error=email_off`);
  const bad = query.error === "email";
  const next = nextOf(workspace.slug, query.next);
  // From a dead link: the address it was for, shown in full only to that learner (signed in), masked to anyone else.
  const [owner, learner] = await Promise.all([contactOfLinkRef(workspace, query.ref), currentLearner(workspace)]);
  const ownerShown = owner && (learner?.id === owner.id ? owner.email : maskEmail(owner.email));
  return (
    <AuthShell
      brand={workspace.name}
      logoUrl={workspace.logoUrl}
      title="Sign in with your email"
      subtitle="We will email you a one-time link, or a 6-digit code to type here."
      footer={<BackLink href={withNext(`${base}/login`, next)}>Sign in with a password instead</BackLink>}
    >
      <form method="post" action={`${base}/auth/email`} className="space-y-4">
        {bad ? <Alert tone="error">Enter a valid email address.</Alert> : null}
        {next ? <input type="hidden" name="next" value={next} /> : null}
        {owner && !bad ? (
          <>
            <input type="hidden" name="ref" value={query.ref} />
            <p className="text-sm text-zinc-700">
              To: <span className="font-medium text-zinc-900" data-testid="ref-email">{ownerShown}</span>, the address the link was for.{" "}
              <a className="text-accent underline" href={withNext(`${base}/login/email`, next)}>
                Use another address
              </a>
            </p>
          </>
        ) : (
          <Field name="email" label="Email" type="email" autoComplete="email" required autoFocus defaultValue={query.email} error={bad ? "Enter a valid email address." : undefined} />
        )}
        <div className="space-y-2">
          <Button type="submit" name="kind" value="link" className="w-full">
            Email me a login link
          </Button>
          <Button type="submit" name="kind" value="code" variant="secondary" className="w-full">
            Email me a code
          </Button>
        </div>
      </form>
    </AuthShell>
  );
}
