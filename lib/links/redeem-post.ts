/**
 * "Continue" on a sign-in link's confirmation page (SPEC §3 rule 1), independent of the HTTP
 * framework: the Next route handler and the production server's fast path
 * (`lib/http/fast-routes.ts`) both answer with this, so the two cannot drift.
 */
import { learnerSessionCookie, serializeCookie } from "@/lib/auth/learner-session";
import { afterSignIn, isSlug } from "@/lib/http/portal-route";
import { appOrigin } from "@/lib/env";
import { appHref, crossSite, FORBIDDEN_TEXT, type HeaderReader } from "@/lib/http/responses";
import { requestInfoFrom } from "@/lib/request-info";
import { redeemSignInLink } from "./redeem";
import { isWellFormedSecret } from "./secret";

export type PlainResponse = { status: number; headers: Record<string, string>; body: string };

const TEXT = { "content-type": "text/plain; charset=utf-8" };
/**
 * `body` is the urlencoded form (`token=…`); only its first 2 KiB are read. `origin`: the
 * portal's origin for this request (APP_URL's, or a verified custom domain's: portalOrigin).
 */
export async function redeemPost(slug: string, body: string, headers: HeaderReader, origin = appOrigin): Promise<PlainResponse> {
  const seeOther = (path: string, extra: Record<string, string> = {}): PlainResponse => ({ status: 303, headers: { location: appHref(path, origin), ...extra }, body: "" });
  if (crossSite({ headers }, origin)) return { status: 403, headers: TEXT, body: FORBIDDEN_TEXT };
  if (!isSlug(slug)) return { status: 404, headers: TEXT, body: "Not found" };
  const token = new URLSearchParams(body.slice(0, 2048)).get("token") ?? "";
  const result = await redeemSignInLink(slug, token, requestInfoFrom(headers));
  if (!result.ok) return seeOther(`/p/${slug}/l/${isWellFormedSecret(token) ? token : "invalid"}`);
  const cookie = await learnerSessionCookie(result.contact);
  return seeOther(afterSignIn(slug, result.next, result.hasPassword), { "set-cookie": serializeCookie(cookie), "cache-control": "no-store" });
}
