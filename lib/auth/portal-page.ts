import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Contact, Workspace } from "@/db/schema";
import { normalizeDestination, PATH_HEADER, withNext } from "@/lib/links/destination";
import { portalWorkspaceOr404 } from "@/lib/tenancy/workspaces";
import { currentLearner } from "./session";

/**
 * For signed-in portal pages: the workspace in the URL and its signed-in learner, or the login
 * page with the page asked for as `?next=` (validated: only a path of this workspace's portal).
 */
export async function requireLearnerPage(slug: string): Promise<{ workspace: Workspace; learner: Contact }> {
  const workspace = await portalWorkspaceOr404(slug);
  const learner = await currentLearner(workspace);
  if (!learner) redirect(withNext(`/p/${workspace.slug}/login`, await askedFor(slug, workspace.slug)));
  return { workspace, learner };
}

/** The page being loaded, as `/p/{workspace.slug}/…` (on a custom domain the URL's slug is the host). */
async function askedFor(urlSlug: string, workspaceSlug: string): Promise<string | null> {
  const path = (await headers()).get(PATH_HEADER);
  const prefix = `/p/${urlSlug}/`;
  if (!path?.startsWith(prefix)) return null;
  return normalizeDestination(workspaceSlug, `/p/${workspaceSlug}/${path.slice(prefix.length)}`);
}
