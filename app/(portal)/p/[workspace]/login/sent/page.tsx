import type { Metadata } from "next";
import { AuthShell } from "@/components/auth/auth-shell";
import { BackLink } from "@/components/auth/back-link";
import { nextOf, withNext } from "@/lib/links/destination";
import { LOGIN_PAGE_LINK_TTL_MS, RESET_LINK_TTL_MS } from "@/lib/links/policy";
import { formatDuration } from "@/lib/mail/format";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";
import { singleParams, type SearchParams } from "@/lib/utils";

export const metadata: Metadata = { title: "Check your email" };

/** The same words whether or not the address has an account (SPEC §3 rule 8). */
export default async function SentPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug } = await params;
  const query = singleParams(await searchParams);
  const workspace = await portalWorkspaceOr404(slug);
  const base = `/p/${workspace.slug}`;
  const reset = query.kind === "reset";
  const email = (query.email ?? "").slice(0, 254);
  const next = nextOf(workspace.slug, query.next);
  return (
    <AuthShell brand={workspace.name} logoUrl={workspace.logoUrl} title="Check your email" footer={<BackLink href={withNext(`${base}/login`, next)}>Back to sign in</BackLink>}>
      <div className="space-y-3 text-sm text-zinc-700" data-testid="sent-message">
        <p>
          If <strong className="break-all">{email || "that address"}</strong> has access to {workspace.name}, we have sent it{" "}
          {reset ? "a link to choose a new password" : "a sign-in link and a 6-digit code"}.
        </p>
        <p>
          {reset
            ? `The link works once, for ${formatDuration(RESET_LINK_TTL_MS)}.`
            : `The link works once, for ${formatDuration(LOGIN_PAGE_LINK_TTL_MS)}. On another device? Type the code from the email instead.`}
        </p>
        {!reset ? (
          <p>
            <BackLink href={withNext(`${base}/login/code?email=${encodeURIComponent(email)}`, next)}>Enter a code</BackLink>
          </p>
        ) : null}
        <p className="text-zinc-500">Nothing after a few minutes? Check your spam folder, or ask again.</p>
      </div>
    </AuthShell>
  );
}
