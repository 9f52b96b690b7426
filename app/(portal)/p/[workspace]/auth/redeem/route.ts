import { signInAndGo, isSlug } from "@/lib/http/portal-route";
import { crossSite, forbidden, seeOther } from "@/lib/http/responses";
import { redeemSignInLink } from "@/lib/links/redeem";
import { isWellFormedSecret } from "@/lib/links/secret";
import { requestInfoFrom } from "@/lib/request-info";

/** "Continue" on a link's confirmation page: the only way a sign-in link is used (SPEC §3 rule 1). */
export async function POST(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  if (crossSite(request)) return forbidden();
  const { workspace: slug } = await params;
  if (!isSlug(slug)) return new Response("Not found", { status: 404 });
  // A small urlencoded form: parsed directly, cheaper than request.formData() on this hot path.
  const token = new URLSearchParams((await request.text()).slice(0, 2048)).get("token") ?? "";
  const result = await redeemSignInLink(slug, token, requestInfoFrom(request.headers));
  if (!result.ok) return seeOther(`/p/${slug}/l/${isWellFormedSecret(token) ? token : "invalid"}`);
  return signInAndGo(slug, result.contact, result.next, result.hasPassword);
}
