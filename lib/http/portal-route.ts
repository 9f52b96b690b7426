/** Shared steps of the portal's POST route handlers. */
import type { NextResponse } from "next/server";
import type { Workspace } from "@/db/schema";
import { learnerSessionCookie } from "@/lib/auth/learner-session";
import type { SignedInContact } from "@/lib/links/redeem";
import { slugSchema } from "@/lib/slug";
import { getWorkspaceBySlug } from "@/lib/tenancy/workspaces";
import { customHost } from "@/lib/tenancy/custom-host";
import { appOrigin } from "@/lib/env";
import { withNext } from "@/lib/links/destination";
import { crossSite, forbidden, seeOther } from "./responses";

export const isSlug = (s: string) => slugSchema.safeParse(s).data === s;

/**
 * The origin a portal request belongs to: APP_URL's, or — for a request sent to the workspace's
 * verified custom domain — that domain's (APP_URL's scheme, the Host's port), so that its forms
 * pass the same-origin check and its redirects stay on the domain the learner is using. Call only
 * with a workspace looked up for this Host (getWorkspaceBySlug), which vouches for the domain.
 */
export function portalOrigin(workspace: Workspace, hostHeader: string | null): string {
  const domain = customHost(hostHeader);
  if (!domain || !workspace.customDomainVerifiedAt || workspace.customDomain?.toLowerCase() !== domain) return appOrigin;
  return `${new URL(appOrigin).protocol}//${hostHeader!.toLowerCase()}`;
}

/** The workspace of a portal POST and its origin, or the response to send instead (404 unknown, 403 cross-site). */
export async function portalPost(request: Request, slug: string): Promise<{ workspace: Workspace; form: FormData; origin: string } | { response: Response }> {
  const host = request.headers.get("host");
  const workspace = isSlug(slug) ? await getWorkspaceBySlug(slug, host) : undefined;
  if (!workspace) return { response: crossSite(request) ? forbidden() : new Response("Not found", { status: 404 }) };
  const origin = portalOrigin(workspace, host);
  if (crossSite(request, origin)) return { response: forbidden() };
  // A body that is not a form (no boundary, JSON, a cut-off upload) is the client's error.
  const form = await request.formData().catch(() => null);
  if (!form) return { response: new Response("This form could not be read.", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } }) };
  return { workspace, form, origin };
}

/** Where a fresh sign-in goes: its destination, or first the set-password page when the learner has no password. */
export const afterSignIn = (workspaceSlug: string, next: string, hasPassword: boolean) =>
  hasPassword ? next : withNext(`/p/${workspaceSlug}/welcome`, next);

/** Signs the learner in (sets the portal cookie) and sends them on: to set a password first if they have none. */
export async function signInAndGo(workspaceSlug: string, contact: SignedInContact, next: string, hasPassword: boolean, origin?: string): Promise<NextResponse> {
  const cookie = await learnerSessionCookie(contact);
  const res = seeOther(afterSignIn(workspaceSlug, next, hasPassword), origin);
  res.cookies.set(cookie.name, cookie.value, cookie.options);
  return res;
}
