import { portalPost, signInAndGo } from "@/lib/http/portal-route";
import { seeOther, throttled } from "@/lib/http/responses";
import { verifyCode } from "@/lib/links/codes";
import { destinationPath, nextOf, withNext } from "@/lib/links/destination";
import { requestInfoFrom } from "@/lib/request-info";
import { emailSchema } from "@/lib/slug";

/** The code entry form: a right code signs in; wrong ones count against the contact (SPEC §3). */
export async function POST(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const post = await portalPost(request, slug);
  if ("response" in post) return post.response;
  const { workspace, form, origin } = post;
  const next = nextOf(slug, form.get("next") as string | null);
  const email = emailSchema.safeParse(form.get("email") ?? "");
  if (!email.success) return seeOther(withNext(`/p/${slug}/login/email?error=email`, next), origin);
  const result = await verifyCode({ workspace, email: email.data, code: String(form.get("code") ?? ""), request: requestInfoFrom(request.headers) });
  const back = withNext(`/p/${slug}/login/code?email=${encodeURIComponent(email.data)}`, next);
  if (result.ok) return signInAndGo(slug, result.contact, destinationPath(slug, next), !!result.contact.passwordHash, origin);
  if (result.reason === "throttled") return throttled({ brand: workspace.name, accent: workspace.accentColor, retryAt: result.retryAt, backHref: `/p/${slug}/login`, what: "wrong codes" });
  if (result.reason === "no_access") return seeOther(`/p/${slug}/login?error=no_access`, origin);
  return seeOther(`${back}&error=wrong&left=${result.triesLeft}`, origin);
}
