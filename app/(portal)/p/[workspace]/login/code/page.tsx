import type { Metadata } from "next";
import { AuthShell } from "@/components/auth/auth-shell";
import { BackLink } from "@/components/auth/back-link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { nextOf, withNext } from "@/lib/links/destination";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";
import { singleParams, type SearchParams, plural } from "@/lib/utils";

export const metadata: Metadata = { title: "Enter your code" };

export default async function CodePage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug } = await params;
  const query = singleParams(await searchParams);
  const workspace = await portalWorkspaceOr404(slug);
  const base = `/p/${workspace.slug}`;
  const email = (query.email ?? "").slice(0, 254);
  const tries = Number(query.left);
  const left = Number.isInteger(tries) && tries >= 0 && tries <= 5 ? tries : 5;
  const wrong = query.error === "wrong";
  const next = nextOf(workspace.slug, query.next);
  return (
    <AuthShell
      brand={workspace.name}
      logoUrl={workspace.logoUrl}
      title="Enter your code"
      subtitle={query.sent ? "If that address has access, we have emailed it a 6-digit code. It works for 10 minutes." : "Type the 6-digit code from your email."}
      footer={<BackLink href={withNext(`${base}/login/email?email=${encodeURIComponent(email)}`, next)}>Send me a new code</BackLink>}
    >
      <form method="post" action={`${base}/auth/code`} className="space-y-4">
        {next ? <input type="hidden" name="next" value={next} /> : null}
        {wrong ? (
          <Alert tone="error">
            {left > 0 ? `That code is not right. ${plural(left, "try", "tries")} left.` : "That code is not right, and it can no longer be used. Ask for a new one."}
          </Alert>
        ) : query.error === "format" ? (
          <Alert tone="error">Enter the 6-digit code from your email.</Alert>
        ) : null}
        <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={email} />
        <Field
          name="code"
          label="6-digit code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 \-]*"
          maxLength={12}
          required
          autoFocus
          className="text-center font-mono text-xl tracking-[0.4em]"
          hint="Pasting works, spaces and dashes are fine."
        />
        <Button type="submit" className="w-full">
          Sign in
        </Button>
      </form>
    </AuthShell>
  );
}
