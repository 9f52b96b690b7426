import { redeemPost } from "@/lib/links/redeem-post";
import { servedOnThisHost } from "@/lib/tenancy/workspaces";

/**
 * "Continue" on a link's confirmation page: the only way a sign-in link is used (SPEC §3 rule 1).
 * Under `npm start` the production server answers this POST itself, before Next
 * (lib/http/fast-routes.ts); this handler serves custom domains (only the workspace that domain
 * serves), `next dev` and any other way of running Next.
 */
export async function POST(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  if (!(await servedOnThisHost(slug, request.headers.get("host")))) return new Response("Not found", { status: 404 });
  const r = await redeemPost(slug, await request.text(), request.headers);
  return new Response(r.body || null, { status: r.status, headers: r.headers });
}
