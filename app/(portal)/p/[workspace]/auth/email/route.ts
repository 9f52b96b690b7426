import { portalPost } from "@/lib/http/portal-route";
import { isEmailOn } from "@/lib/mail/email-settings";
import { seeOther, throttled } from "@/lib/http/responses";
import { nextOf, withNext } from "@/lib/links/destination";
import { contactOfLinkRef } from "@/lib/links/link-page";
import { queueEmailRequest } from "@/lib/jobs/email-requests";
import { throttleEmailRequest, type EmailRequestKind } from "@/lib/links/requests";
import { requestInfoFrom } from "@/lib/request-info";
import { emailSchema } from "@/lib/slug";
import { textField } from "@/lib/utils";

const KINDS: EmailRequestKind[] = ["link", "code", "reset"];

/**
 * "Email me a login link", "Email me a code", "Forgot password": the same answer for every
 * address (SPEC §3 rule 8). The request is written as a job before the answer; a worker looks the
 * address up and sends (lib/jobs/email-requests.ts), so nothing is lost if the server stops. A field
 * sent twice, as a file or with text no one can type is a malformed form: refused before any
 * limit is counted.
 */
export async function POST(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const post = await portalPost(request, slug);
  if ("response" in post) return post.response;
  const { workspace, form, origin } = post;
  const kind = KINDS.find((k) => k === textField(form, "kind")) ?? "link";
  if (!isEmailOn(workspace, kind === "reset" ? "password_reset" : "login_link")) return seeOther(`/p/${slug}/login?error=${kind === "reset" ? "reset_off" : "email_off"}`, origin);
  const next = nextOf(slug, textField(form, "next"));
  const back = withNext(kind === "reset" ? `/p/${slug}/forgot-password` : `/p/${slug}/login/email`, next);
  // From a dead link's "Email me a new link": the address comes from the link's reference, never from the page.
  const ref = textField(form, "ref");
  const owner = ref ? await contactOfLinkRef(workspace, ref) : null;
  const typed = textField(form, "email");
  const email = emailSchema.safeParse(owner?.email ?? typed ?? "");
  if (!email.success) return seeOther(withNext(`${back.split("?")[0]}?error=email&email=${encodeURIComponent((typed ?? "").slice(0, 254))}`, next), origin);
  const info = requestInfoFrom(request.headers);
  const limit = await throttleEmailRequest(workspace, email.data, info);
  if (!limit.ok) {
    const what = kind === "reset" ? "password reset requests" : kind === "code" ? "code requests" : "sign-in link requests";
    return throttled({ brand: workspace.name, accent: workspace.accentColor, retryAt: limit.retryAt, backHref: `/p/${slug}/login`, what });
  }
  await queueEmailRequest({ type: "portal", workspaceId: workspace.id, email: email.data, kind, request: info, destination: next });
  // Never put a referenced address in the URL: the sent page then names it masked (it came from a link, not from the person typing).
  const to = encodeURIComponent(owner ? "" : email.data);
  return seeOther(withNext(kind === "code" ? `/p/${slug}/login/code?email=${to}&sent=1` : `/p/${slug}/login/sent?kind=${kind}&email=${to}`, next), origin);
}
