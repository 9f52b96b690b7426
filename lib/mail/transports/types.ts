import type { EmailMessage } from "@/db/schema";

/** The provider's answer for a whole call: one id per message, or why nothing was accepted. */
export type SendResult =
  | { ok: true; providerMessageIds: (string | undefined)[]; delivered?: boolean }
  | { ok: false; retryable: boolean; error: string; status?: number; retryAfterMs?: number };

/**
 * Sends one call's worth of messages (1, or up to the batch size) under one idempotency key:
 * the same key and messages always give the same answer and never a second delivery.
 */
export type Transport = { name: "dev" | "resend"; send(messages: EmailMessage[], idempotencyKey: string): Promise<SendResult> };
