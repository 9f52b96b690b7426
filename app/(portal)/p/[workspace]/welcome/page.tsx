import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { BackLink } from "@/components/auth/back-link";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { destinationPath } from "@/lib/links/destination";
import { PasswordForm } from "../account/password-form";
import { oneParam, type SearchParams } from "@/lib/utils";

export const metadata: Metadata = { title: "Choose a password" };

/** After a link sign-in by someone with no password yet (SPEC §3: continues to set-password). */
export default async function WelcomePage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<SearchParams> }) {
  const { workspace: slug } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const next = destinationPath(workspace.slug, oneParam((await searchParams).next));
  if (learner.passwordHash) redirect(next);
  return (
    <AuthShell
      brand={workspace.name}
      logoUrl={workspace.logoUrl}
      title={`Welcome${learner.firstName ? `, ${learner.firstName}` : ""}`}
      subtitle="Choose a password so you can sign in any time."
      footer={<BackLink href={next}>Skip for now</BackLink>}
    >
      <PasswordForm workspace={workspace.slug} email={learner.email} related={[learner.email, learner.firstName, learner.lastName]} needsCurrent={false} next={next} submitLabel="Set password and continue" />
    </AuthShell>
  );
}
