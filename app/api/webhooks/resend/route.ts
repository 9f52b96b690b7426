import { handleResendWebhook } from "@/lib/mail/webhooks";

/** Resend delivery events; the signature is checked on the raw body. */
export async function POST(request: Request) {
  const outcome = await handleResendWebhook(await request.text(), request.headers);
  return Response.json({ message: outcome.message }, { status: outcome.status });
}
