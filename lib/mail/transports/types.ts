import type { EmailMessage } from "@/db/schema";

export type SendResult =
  | { ok: true; providerMessageId?: string; delivered?: boolean }
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

export type Transport = { name: "dev" | "resend"; send(message: EmailMessage): Promise<SendResult> };
