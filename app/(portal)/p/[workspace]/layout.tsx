import { notFound } from "next/navigation";
import type { CSSProperties } from "react";
import { PreviewBanner } from "@/components/portal/preview-banner";
import { currentLearner, currentPreview } from "@/lib/auth/session";
import { getWorkspaceBySlug } from "@/lib/tenancy/workspaces";

/** Every portal page is branded with its workspace's accent colour, and shows the banner during an admin's preview. */
export default async function PortalLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const workspace = await getWorkspaceBySlug(slug);
  if (!workspace) notFound();
  const preview = await currentPreview(workspace);
  const learner = preview ? await currentLearner(workspace) : null;
  return (
    <div style={{ "--color-accent": workspace.accentColor } as CSSProperties}>
      {preview && learner ? <PreviewBanner workspace={workspace.slug} name={`${learner.firstName} ${learner.lastName}`.trim() || learner.email} until={preview.until} /> : null}
      {children}
    </div>
  );
}
