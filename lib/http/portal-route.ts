/** Shared steps of the portal's POST route handlers. */
import type { NextResponse } from "next/server";
import type { Workspace } from "@/db/schema";
import { learnerSessionCookie } from "@/lib/auth/learner-session";
import type { SignedInContact } from "@/lib/links/redeem";
import { slugSchema } from "@/lib/slug";
import { getWorkspaceBySlug } from "@/lib/tenancy/workspaces";
import { crossSite, forbidden, seeOther } from "./responses";

export const isSlug = (s: string) => slugSchema.safeParse(s).data === s;

/** The workspace of a portal POST, or the response to send instead (403 cross-site, 404 unknown). */
export async function portalPost(request: Request, slug: string): Promise<{ workspace: Workspace; form: FormData } | { response: Response }> {
  if (crossSite(request)) return { response: forbidden() };
  const workspace = isSlug(slug) ? await getWorkspaceBySlug(slug, request.headers.get("host")) : undefined;
  if (!workspace) return { response: new Response("Not found", { status: 404 }) };
  return { workspace, form: await request.formData() };
}

/** Where a fresh sign-in goes: its destination, or first the set-password page when the learner has no password. */
export const afterSignIn = (workspaceSlug: string, next: string, hasPassword: boolean) =>
  hasPassword ? next : `/p/${workspaceSlug}/welcome?next=${encodeURIComponent(next)}`;

/** Signs the learner in (sets the portal cookie) and sends them on: to set a password first if they have none. */
export async function signInAndGo(workspaceSlug: string, contact: SignedInContact, next: string, hasPassword: boolean): Promise<NextResponse> {
  const cookie = await learnerSessionCookie(contact);
  const res = seeOther(afterSignIn(workspaceSlug, next, hasPassword));
  res.cookies.set(cookie.name, cookie.value, cookie.options);
  return res;
}
