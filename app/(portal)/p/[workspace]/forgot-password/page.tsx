import type { Metadata } from "next";
import { AuthShell } from "@/components/auth/auth-shell";
import { BackLink } from "@/components/auth/back-link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { nextOf, withNext } from "@/lib/links/destination";
import { RESET_LINK_TTL_MS } from "@/lib/links/policy";
import { isEmailOn } from "@/lib/mail/email-settings";
import { formatDuration } from "@/lib/mail/format";
import { redirect } from "next/navigation";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";
import { singleParams, type SearchParams } from "@/lib/utils";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug } = await params;
  const query = singleParams(await searchParams);
  const workspace = await portalWorkspaceOr404(slug);
  const base = `/p/${workspace.slug}`;
  const bad = query.error === "email";
  const next = nextOf(workspace.slug, query.next);
  if (!isEmailOn(workspace, "password_reset")) redirect(`${base}/login?error=reset_off`);
  return (
    <AuthShell
      brand={workspace.name}
      logoUrl={workspace.logoUrl}
      title="Forgot your password?"
      subtitle={`We will email you a link to choose a new one. It works for ${formatDuration(RESET_LINK_TTL_MS)}.`}
      footer={<BackLink href={withNext(`${base}/login`, next)}>Back to sign in</BackLink>}
    >
      <form method="post" action={`${base}/auth/email`} className="space-y-4">
        {bad ? <Alert tone="error">Enter a valid email address.</Alert> : null}
        <input type="hidden" name="kind" value="reset" />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <Field name="email" label="Email" type="email" autoComplete="email" required autoFocus defaultValue={query.email} error={bad ? "Enter a valid email address." : undefined} />
        <Button type="submit" className="w-full">
          Email me a reset link
        </Button>
      </form>
    </AuthShell>
  );
}
