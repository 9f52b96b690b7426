import { notFound } from "next/navigation";
import type { CSSProperties } from "react";
import { getWorkspaceBySlug } from "@/lib/tenancy/workspaces";

/** Every portal page is branded with its workspace's accent colour. */
export default async function PortalLayout({ children, params }: { children: React.ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const workspace = await getWorkspaceBySlug(slug);
  if (!workspace) notFound();
  return <div style={{ "--color-accent": workspace.accentColor } as CSSProperties}>{children}</div>;
}
