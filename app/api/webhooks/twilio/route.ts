import { handleTwilioInbound } from "@/lib/sms/inbound";

/** Replies to the SMS sending number (STOP/START); Twilio's signature is checked on the form body. */
export async function POST(request: Request) {
  const outcome = await handleTwilioInbound({ rawBody: await request.text(), signature: request.headers.get("x-twilio-signature"), search: new URL(request.url).search });
  return new Response(outcome.body, { status: outcome.status, headers: { "content-type": outcome.contentType } });
}
