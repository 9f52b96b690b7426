/**
 * The one logger (pino). Production writes one JSON object per line (level, time, name, msg,
 * and `req_id`, the id scripts/server.mjs gives every request, on every line logged while
 * serving it); development and tests write short human-readable lines. `LOG_FORMAT=json|pretty`
 * overrides, `LOG_LEVEL` sets the level (default info).
 *
 * No token, code, password, cookie or email body may reach a log: fields with such names are
 * redacted wherever they sit, and a sign-in link's secret is cut out of any message or error
 * text (lib/log.test.ts issues every kind of token and greps the captured lines for them).
 * Read from process.env directly: lib/env.ts logs through this module.
 */
import pino, { type Logger } from "pino";

// "code" only at the top (a login code); nested, it is an error's code (e.g. PostgreSQL's), kept.
const SECRET_KEYS = ["password", "passwordHash", "token", "secret", "cookie", "authorization", "html", "text", "body", "parameters", "link"];
const paths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat(["code", "*.headers.cookie", "*.headers.authorization", '*.headers["set-cookie"]']);

/** A link's secret (`/l/<43 chars>`, `/admin/reset-password/<43 chars>`, `/auth/redeem?t=…`), a bearer token, or a six-digit code after "code". */
const SECRET_TEXT = [
  [/(\/(?:l|reset-password)\/)[A-Za-z0-9_-]{16,}/g, "$1[redacted]"],
  [/([?&](?:t|token|code|secret)=)[^&\s"']+/gi, "$1[redacted]"],
  [/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, "$1[redacted]"],
  [/\b(code\W{0,3})\d{6}\b/gi, "$1[redacted]"],
] as const;

export function scrub(text: string): string {
  let out = text;
  for (const [re, to] of SECRET_TEXT) out = out.replace(re, to);
  return out;
}

/** Every string in `value` scrubbed (plain objects and arrays, 4 levels deep); errors are left to their serializer. */
function scrubValues(value: unknown, depth: number): unknown {
  if (typeof value === "string") return scrub(value);
  if (depth >= 4 || value === null || typeof value !== "object" || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => scrubValues(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValues(v, depth + 1)]));
}

const requestId = () => (globalThis as { __porticoRequestId?: () => string | undefined }).__porticoRequestId?.();

function format(): "json" | "pretty" {
  const f = process.env.LOG_FORMAT;
  if (f === "json" || f === "pretty") return f;
  return process.env.NODE_ENV === "production" ? "json" : "pretty";
}

/** Development lines: "[name] message {extra}" (errors with their stack), errors to stderr. */
const prettyStream = {
  write(line: string) {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line);
    } catch {
      return void process.stdout.write(line);
    }
    const { level, name, msg, err, ...rest } = o as { level: number; name?: string; msg?: string; err?: { stack?: string; message?: string } } & Record<string, unknown>;
    for (const k of ["time", "pid", "hostname"]) delete rest[k];
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
    const error = err ? `\n${err.stack ?? err.message}` : "";
    const out = `[${name ?? "portico"}] ${msg ?? ""}${extra}${error}\n`;
    (level >= 50 ? process.stderr : process.stdout).write(out);
  },
};

function create(): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
      base: format() === "json" ? { pid: process.pid } : {},
      redact: { paths, censor: "[redacted]" },
      mixin: () => {
        const id = requestId();
        return id ? { req_id: id } : {};
      },
      formatters: {
        level: (label, number) => (format() === "json" ? { level: label } : { level: number }),
        // A secret under a field name the redaction does not know ({ url }, { location }) is cut out too.
        log: (fields) => scrubValues(fields, 0) as Record<string, unknown>,
      },
      serializers: {
        err: (e: unknown) => {
          const s = pino.stdSerializers.err(e as Error);
          return { ...s, message: scrub(s.message ?? ""), stack: scrub(s.stack ?? "") };
        },
      },
      hooks: {
        // Tests: lib/log.test.ts reads every line as written (tapLogs).
        streamWrite: (line: string) => ((globalThis as { __porticoLogTap?: (l: string) => void }).__porticoLogTap?.(line), line),
        logMethod(args, method) {
          const [first, ...more] = args as unknown[];
          if (typeof first === "string") return method.apply(this, [scrub(first), ...more] as Parameters<typeof method>);
          if (typeof more[0] === "string") return method.apply(this, [first, scrub(more[0]), ...more.slice(1)] as Parameters<typeof method>);
          return method.apply(this, args);
        },
      },
    },
    format() === "json" ? pino.destination({ dest: 1, sync: true }) : prettyStream,
  );
}

const g = globalThis as unknown as { __porticoLog?: Logger };
/** The process's root logger; `logger("jobs")` names a part. */
export const log: Logger = (g.__porticoLog ??= create());
export const logger = (name: string): Logger => log.child({ name });
/** Tests only: hands every line the logger writes (redacted JSON) to `tap` too; undefined stops. */
export const tapLogs = (tap?: (line: string) => void) => void ((globalThis as { __porticoLogTap?: (l: string) => void }).__porticoLogTap = tap);

/**
 * A promise nobody awaited that fails (pg-boss's pool while PostgreSQL restarts, a client gone
 * mid-stream) would end the process under Node's default; it is logged as an error instead and
 * the process keeps serving. Installed once per process (server boot, `npm run worker`).
 */
export function keepRunningOnStrayRejections(): void {
  const flag = globalThis as { __porticoRejections?: boolean };
  if (flag.__porticoRejections) return;
  flag.__porticoRejections = true;
  process.on("unhandledRejection", (reason) => logger("process").error({ err: reason }, "unhandled promise rejection (kept running)"));
}
