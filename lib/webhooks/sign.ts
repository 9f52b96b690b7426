/**
 * Standard Webhooks signatures (the `standardwebhooks` library): `webhook-id` is the message id
 * (the event's id), `webhook-timestamp` the attempt's time. While a rotated-out secret is in its
 * overlap, `webhook-signature` carries both signatures, space-separated (the spec allows several),
 * so a receiver verifies with either secret while it switches.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { WebhookEndpoint } from "@/db/schema";
import { unseal } from "@/lib/mail/sealed";

/** How long the previous secret still signs after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

export const newEndpointSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

/** The secrets that sign now: the current one first, then the previous one while its overlap lasts. */
export function signingSecrets(e: Pick<WebhookEndpoint, "secret" | "previousSecret" | "previousSecretExpiresAt">, at = new Date()): string[] {
  const live = e.previousSecret && e.previousSecretExpiresAt && e.previousSecretExpiresAt > at;
  return live ? [unseal(e.secret), unseal(e.previousSecret!)] : [unseal(e.secret)];
}

export function signatureHeaders(secrets: string[], msgId: string, body: string, at = new Date()): Record<string, string> {
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(msgId, at, body)).join(" "),
  };
}
