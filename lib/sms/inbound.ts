/**
 * Replies to our sending number (Twilio's inbound webhook). Only a request signed with
 * TWILIO_AUTH_TOKEN is read (X-Twilio-Signature: HMAC-SHA1 over the public URL and the POST
 * parameters sorted by name, checked by the twilio package's own validator). The URL signed
 * is built from APP_URL, never from the request's Host, so a forged Host changes nothing.
 * STOP words turn SMS off for every contact with that number, in every workspace (one sending
 * number per installation, and the carrier blocks the number anyway); START words turn it
 * back on. Each change is audited, actor system.
 */
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { validateRequest } from "twilio/lib/webhooks/webhooks";
import { db } from "@/db/client";
import { contacts, providerEvents } from "@/db/schema";
import { recordAudits } from "@/lib/audit/record";
import { appUrl, env } from "@/lib/env";
import { logger } from "@/lib/log";
import { maskPhone, normalizePhone } from "./phone";

export const TWILIO_WEBHOOK_PATH = "/api/webhooks/twilio";
export const STOP_WORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"];
export const START_WORDS = ["START", "UNSTOP", "YES"];
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export type InboundOutcome = { status: number; body: string; contentType: string };
const twiml = (): InboundOutcome => ({ status: 200, body: EMPTY_TWIML, contentType: "text/xml" });
const refused = (message: string): InboundOutcome => ({ status: 403, body: message, contentType: "text/plain" });

/** `search` is the request's query string ("" or "?…"), part of what Twilio signed. */
export async function handleTwilioInbound(input: { rawBody: string; signature: string | null; search: string }): Promise<InboundOutcome> {
  const token = env.TWILIO_AUTH_TOKEN;
  if (!token) return refused("SMS replies are not configured (TWILIO_AUTH_TOKEN is not set).");
  if (!input.signature) return refused("Missing X-Twilio-Signature.");
  const params = Object.fromEntries(new URLSearchParams(input.rawBody));
  const url = `${appUrl}${TWILIO_WEBHOOK_PATH}${input.search}`;
  if (!validateRequest(token, input.signature, url, params)) return refused("Invalid X-Twilio-Signature.");

  const word = String(params.Body ?? "").trim().toUpperCase();
  const optOut = STOP_WORDS.includes(word);
  if (!optOut && !START_WORDS.includes(word)) return twiml();
  const from = normalizePhone(String(params.From ?? ""));
  if (!from.ok) return twiml();

  const messageSid = String(params.MessageSid ?? params.SmsSid ?? "");
  const changed = await db.transaction(async (tx) => {
    // Each message once: a signed request replayed later (a captured START after a newer STOP) changes nothing.
    if (messageSid) {
      const fresh = await tx.insert(providerEvents).values({ id: `twilio:${messageSid}`, provider: "twilio", type: optOut ? "sms.stop" : "sms.start" }).onConflictDoNothing().returning();
      if (fresh.length === 0) return [];
    }
    const rows = await tx
      .update(contacts)
      .set({ smsOptedOutAt: optOut ? new Date() : null, updatedAt: new Date() })
      .where(and(eq(contacts.phone, from.e164), optOut ? isNull(contacts.smsOptedOutAt) : isNotNull(contacts.smsOptedOutAt)))
      .returning({ id: contacts.id, workspaceId: contacts.workspaceId });
    await recordAudits(
      tx,
      rows.map((c) => ({ workspaceId: c.workspaceId, contactId: c.id, actor: { type: "system" as const }, action: optOut ? "contact.sms_opted_out" : "contact.sms_opted_in", data: { keyword: word, via: "twilio" } })),
    );
    return rows;
  });
  logger("sms").info({ from: maskPhone(from.e164), contacts: changed.length, workspaces: [...new Set(changed.map((c) => c.workspaceId))].length }, optOut ? "SMS opt-out received" : "SMS opt-in received");
  return twiml();
}

