import { portalPost, signInAndGo } from "@/lib/http/portal-route";
import { seeOther, throttled } from "@/lib/http/responses";
import { normalizeCode, verifyCode } from "@/lib/links/codes";
import { destinationPath, nextOf, withNext } from "@/lib/links/destination";
import { requestInfoFrom } from "@/lib/request-info";
import { emailSchema } from "@/lib/slug";
import { textField } from "@/lib/utils";

/**
 * The code entry form: a right code signs in; wrong ones count against the contact (SPEC §3).
 * A form that carries no 6-digit code at all (a field sent twice, a file, letters) is sent back
 * before anything is counted: it cannot be a guess.
 */
export async function POST(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const post = await portalPost(request, slug);
  if ("response" in post) return post.response;
  const { workspace, form, origin } = post;
  const next = nextOf(slug, textField(form, "next"));
  const email = emailSchema.safeParse(textField(form, "email") ?? "");
  if (!email.success) return seeOther(withNext(`/p/${slug}/login/email?error=email`, next), origin);
  const back = withNext(`/p/${slug}/login/code?email=${encodeURIComponent(email.data)}`, next);
  const code = normalizeCode(textField(form, "code") ?? "");
  if (code.length !== 6) return seeOther(`${back}&error=format`, origin);
  const result = await verifyCode({ workspace, email: email.data, code, request: requestInfoFrom(request.headers) });
  if (result.ok) return signInAndGo(slug, result.contact, destinationPath(slug, next), !!result.contact.passwordHash, origin);
  if (result.reason === "throttled") return throttled({ brand: workspace.name, accent: workspace.accentColor, retryAt: result.retryAt, backHref: `/p/${slug}/login`, what: "wrong codes" });
  if (result.reason === "no_access") return seeOther(`/p/${slug}/login?error=no_access`, origin);
  return seeOther(`${back}&error=wrong&left=${result.triesLeft}`, origin);
}
