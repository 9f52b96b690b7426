export type SmsSendInput = { to: string; from?: string; body: string; idempotencyKey: string };

/** One text to one E.164 number. Throws SmsSendError when the provider did not accept it. */
export type SmsTransport = { name: "dev" | "twilio"; send(input: SmsSendInput): Promise<{ providerMessageId: string }> };

/**
 * Why a provider refused or never answered. `transient` says whether the same call may
 * succeed later (429, 5xx, timeouts, network errors) or will fail again (other 4xx). The
 * message is safe to store and log: it never holds the body, credentials or a URL's query.
 */
export class SmsSendError extends Error {
  readonly status?: number;
  readonly transient: boolean;
  /** The request may have reached the provider (a timeout, a cut connection, an answer without a message id): sending again could text twice. */
  readonly unknown: boolean;
  constructor(opts: { status?: number; transient: boolean; message: string; unknown?: boolean }) {
    super(opts.message);
    this.name = "SmsSendError";
    this.status = opts.status;
    this.transient = opts.transient;
    this.unknown = opts.unknown ?? false;
  }
}

/**
 * Text from outside (a provider's error message, a network error) made safe to keep: each
 * secret removed, URLs cut at their query, phone numbers masked, and the length bounded.
 */
export function cleanErrorText(text: string, secrets: (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("[redacted]");
  out = out.replace(/(https?:\/\/[^\s?#"']*)[?#][^\s"']*/gi, "$1");
  out = out.replace(/\+?\d[\d\s().-]{5,}\d/g, (m) => {
    const digits = m.replace(/\D/g, "");
    return digits.length >= 7 ? `${m.startsWith("+") ? "+" : ""}${digits[0]}•••••${digits.slice(-4)}` : m;
  });
  return out.length > 300 ? `${out.slice(0, 297)}…` : out;
}
