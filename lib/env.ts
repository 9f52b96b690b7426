/**
 * The one place that reads process.env. Every variable is validated at start; a bad one is
 * reported by name with what was expected, and the process refuses to run on bad input.
 */
import { createEnv } from "@t3-oss/env-nextjs";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isSupportedCountry } from "libphonenumber-js/max";
import { z } from "zod";
import { logger } from "@/lib/log";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { message: "must be true or false" })
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number({ message: "must be a port number" }).int().min(1).max(65535).default(3000),
    APP_URL: z.url({ message: "must be an absolute URL such as https://portal.example.com" }).optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: "must be a postgres:// or postgresql:// URL" })
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Prepare the statements the app runs again (db/client.ts); false for a pooler that cannot keep prepared statements. */
    DATABASE_PREPARE: bool.default(true),
    AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters (try: openssl rand -base64 32)" }).optional(),
    PORTICO_WORKER: z.enum(["inline", "off"], { message: "must be inline or off" }).default("inline"),
    /** On SIGTERM/SIGINT: how long in-flight requests, deferred work and the worker's sends may take before the process exits. */
    SHUTDOWN_TIMEOUT_S: z.coerce.number({ message: "must be a number of seconds" }).min(1).max(600).default(10),
    PORTICO_PAGE_CACHE_MB: z.coerce.number().int().min(0, { message: "must be 0 (off) or more" }).max(4096).default(64),
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: z.url().optional(),
    RESEND_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, { message: "must be the whsec_… signing secret of the Resend webhook" }).optional(),
    EMAIL_FROM: z.string().min(3).default("Portico <noreply@portico.localhost>"),
    EMAIL_MAX_ATTEMPTS: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(50).default(8),
    EMAIL_PROVIDER_RPS: z.coerce.number({ message: "must be a number of requests per second" }).min(0.1).max(1000).default(2),
    EMAIL_STUCK_AFTER_S: z.coerce.number({ message: "must be a number of seconds" }).int().min(1).max(86_400).default(300),
    EMAIL_BATCH_SIZE: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(100).default(100),
    DEV_MAILBOX: bool.optional(),
    LOG_LINKS: bool.default(false),
    /**
     * Private networks workflow webhooks may reach in production, as CIDRs (10.0.0.0/8,127.0.0.1/32):
     * only for networks every admin may reach. Link-local (cloud metadata) never (lib/http/outbound.ts).
     */
    OUTBOUND_ALLOW_PRIVATE: z
      .string()
      .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, { message: "must be CIDR ranges such as 10.0.0.0/8,127.0.0.1/32" })))
      .optional(),
    /** Resolvers for custom domain verification, comma-separated (default: the system's). */
    DNS_SERVERS: z
      .string()
      .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
      .pipe(
        z
          .array(z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?|\[[0-9a-fA-F:.]+\](:\d{1,5})?|[0-9a-fA-F]*:[0-9a-fA-F:.]+)$/, { message: "must be IP addresses, each with an optional port, such as 1.1.1.1,127.0.0.1:5353,[::1]:53" }))
          .min(1),
      )
      .optional(),
    /** Bearer token for /metrics from other hosts (loopback needs none). */
    METRICS_TOKEN: z.string().min(24, { message: "must be at least 24 characters (try: openssl rand -base64 32)" }).optional(),
    TRUST_PROXY_HOPS: z.coerce.number({ message: "must be a whole number" }).int().min(0).max(10).default(0),
    /** SMS through Twilio when all three are set (lib/sms/transports); otherwise texts go to the dev mailbox. */
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, { message: "must be the Account SID from the Twilio console (AC followed by 32 hex digits)" }).optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16, { message: "must be the Auth Token from the Twilio console" }).optional(),
    TWILIO_FROM: z.string().regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, { message: "must be the sending number in E.164 (+15551234567) or a Messaging Service SID (MG…)" }).optional(),
    TWILIO_API_URL: z.url({ message: "must be an absolute URL (default https://api.twilio.com)" }).default("https://api.twilio.com"),
    /** The country of phone numbers written without a +country code (contacts, imports). */
    SMS_DEFAULT_REGION: z
      .string()
      .transform((v) => v.trim().toUpperCase())
      .refine((v) => /^[A-Z]{2}$/.test(v) && isSupportedCountry(v), { message: "must be a two-letter country code such as US, GB or DE" })
      .default("US"),
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_ISSUER: z.url({ message: "must be the provider's issuer URL" }).optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().min(1).max(40).optional(),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    const lines = issues.map((i) => `  ${i.path?.join(".") ?? "?"}: ${i.message}`);
    console.error(`\nPortico cannot start: invalid configuration\n${lines.join("\n")}\nSee .env.example.\n`);
    throw new Error(`Invalid environment variables: ${issues.map((i) => i.path?.join(".")).join(", ")}`);
  },
});

export const dataDir = path.resolve(env.DATA_DIR);
export const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
export const appOrigin = new URL(appUrl).origin;
/** With no provider configured, emails are kept in the dev mailbox instead of being sent. */
export const devTransportActive = !env.RESEND_API_KEY;
const twilioVars = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM];
if (twilioVars.some(Boolean) && !twilioVars.every(Boolean)) {
  console.error("\nPortico cannot start: invalid configuration\n  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM: set all three to send SMS through Twilio, or none\nSee .env.example.\n");
  throw new Error("Invalid environment variables: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM");
}
/** With no SMS provider configured, texts are kept in the dev mailbox instead of being sent (as email does). */
export const smsDevTransportActive = !env.TWILIO_ACCOUNT_SID;
/**
 * /dev/mailbox shows every stored email, links included: with DEV_MAILBOX=true to everyone who
 * can reach the server; unset, only to clients on this machine (loopback socket address, see
 * lib/mail/mailbox.ts) while the dev transport is on; with DEV_MAILBOX=false to no one.
 */
export const devMailboxMode: "everyone" | "loopback" | "off" = env.DEV_MAILBOX === true ? "everyone" : env.DEV_MAILBOX === false || !devTransportActive ? "off" : "loopback";

let secret: string | undefined;
/**
 * AUTH_SECRET, or one generated on first start and kept in the data folder, so that a
 * zero-configuration install keeps its sessions across restarts.
 */
export function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (secret) return secret;
  const file = path.join(dataDir, "auth-secret");
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    // Written whole under another name, then linked into place: a process starting at the same
    // moment sees either no file or the whole secret, never a half-written one (which would make
    // two processes sign with different keys).
    const fresh = randomBytes(32).toString("base64url");
    const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(draft, fresh, { mode: 0o600, flag: "wx" });
    try {
      fs.linkSync(draft, file);
      logger("portico").info(`AUTH_SECRET is not set: generated one and saved it to ${file}`);
    } catch {
      // Another process put its secret in place first: use theirs.
    } finally {
      fs.rmSync(draft, { force: true });
    }
    secret = fs.readFileSync(file, "utf8").trim();
  }
  if (!secret) throw new Error(`${file} is empty: delete it (sessions signed with it end) or set AUTH_SECRET.`);
  return secret;
}
