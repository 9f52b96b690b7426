import { redirect } from "next/navigation";
import type { Contact, Workspace } from "@/db/schema";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";
import { currentLearner } from "./session";

/** For signed-in portal pages: the workspace in the URL and its signed-in learner, or the login page. */
export async function requireLearnerPage(slug: string): Promise<{ workspace: Workspace; learner: Contact }> {
  const workspace = await portalWorkspaceOr404(slug);
  const learner = await currentLearner(workspace);
  if (!learner) redirect(`/p/${workspace.slug}/login`);
  return { workspace, learner };
}
