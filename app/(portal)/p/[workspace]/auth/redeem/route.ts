import { redeemPost } from "@/lib/links/redeem-post";
import { portalOrigin } from "@/lib/http/portal-route";
import { customHost } from "@/lib/tenancy/custom-host";
import { getWorkspaceBySlug, servedOnThisHost } from "@/lib/tenancy/workspaces";

/**
 * "Continue" on a link's confirmation page: the only way a sign-in link is used (SPEC §3 rule 1).
 * Under `npm start` the production server answers this POST itself, before Next
 * (lib/http/fast-routes.ts); this handler serves custom domains (only the workspace that domain
 * serves), `next dev` and any other way of running Next.
 */
export async function POST(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const host = request.headers.get("host");
  if (!(await servedOnThisHost(slug, host))) return new Response("Not found", { status: 404 });
  const workspace = customHost(host) ? await getWorkspaceBySlug(slug, host) : undefined;
  const r = await redeemPost(slug, await request.text(), request.headers, workspace ? portalOrigin(workspace, host) : undefined);
  return new Response(r.body || null, { status: r.status, headers: r.headers });
}
