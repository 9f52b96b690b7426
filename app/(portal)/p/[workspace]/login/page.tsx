import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { currentLearner } from "@/lib/auth/session";
import { getWorkspaceBySlug } from "@/lib/tenancy/workspaces";
import { LearnerLoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LearnerLoginPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const workspace = await getWorkspaceBySlug(slug);
  if (!workspace) notFound();
  if (await currentLearner(workspace)) redirect(`/p/${workspace.slug}`);
  return (
    <AuthShell brand={workspace.name} logoUrl={workspace.logoUrl} title="Sign in to your portal">
      <LearnerLoginForm workspace={workspace.slug} />
    </AuthShell>
  );
}
