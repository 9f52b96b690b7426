import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { isEmailOn } from "@/lib/mail/email-settings";
import { AuthShell } from "@/components/auth/auth-shell";
import { BackLink } from "@/components/auth/back-link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";

export const metadata: Metadata = { title: "Email me a way in" };

/** A plain form (works without JavaScript): one address, two buttons. */
export default async function EmailSignInPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { workspace: slug } = await params;
  const query = await searchParams;
  const workspace = await portalWorkspaceOr404(slug);
  const base = `/p/${workspace.slug}`;
  if (!isEmailOn(workspace, "login_link")) redirect(`${base}/login?error=email_off`);
  const bad = query.error === "email";
  return (
    <AuthShell
      brand={workspace.name}
      logoUrl={workspace.logoUrl}
      title="Sign in with your email"
      subtitle="We will email you a one-time link, or a 6-digit code to type here."
      footer={<BackLink href={`${base}/login`}>Sign in with a password instead</BackLink>}
    >
      <form method="post" action={`${base}/auth/email`} className="space-y-4">
        {bad ? <Alert tone="error">Enter a valid email address.</Alert> : null}
        <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={query.email} error={bad ? "Enter a valid email address." : undefined} />
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
