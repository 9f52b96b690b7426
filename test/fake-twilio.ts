/**
 * A local stand-in for Twilio's Messages API, for tests and benchmarks, behaving like Twilio
 * where Portico depends on it: POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded,
 * HTTP Basic auth with the account SID and auth token (401, error 20003, otherwise), a 201
 * with a Twilio-shaped message (`sid`, `status: "queued"`…). The I-Twilio-Idempotency-Token
 * is honoured (same token → the same message again, recorded once), and the next N calls
 * can be made to fail (500, 429, 400 with a Twilio error code) or to hang without answering.
 * Control over HTTP too (GET /__messages, POST /__faults), for servers in other processes.
 * Plain node:http, no test framework: bench scripts use it as well.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeTwilioMessage = { sid: string; to: string; from: string | null; messagingServiceSid: string | null; body: string; idempotencyToken: string | null; at: number };
export type FakeTwilioFault = { status: 400 | 429 | 500 | 503 } | { hang: true };

export type FakeTwilio = {
  url: string;
  accountSid: string;
  authToken: string;
  /** Messages accepted, after idempotency (a replayed token is not recorded twice). */
  messages(): FakeTwilioMessage[];
  /** Every call to the Messages endpoint, answered or not. */
  calls(): number;
  failNext(n: number, status: 400 | 429 | 500 | 503): void;
  hangNext(n?: number): void;
  close(): Promise<void>;
};

const ERRORS = {
  400: { code: 21211, message: "Invalid 'To' Phone Number" },
  401: { code: 20003, message: "Authenticate" },
  404: { code: 20404, message: "The requested resource was not found" },
  429: { code: 20429, message: "Too Many Requests" },
  500: { code: 20500, message: "Internal Server Error" },
  503: { code: 20503, message: "Service Unavailable" },
} as const;

const sidOf = (prefix: string) => prefix + randomBytes(16).toString("hex");

export async function startFakeTwilio(opts: { port?: number; accountSid?: string; authToken?: string } = {}): Promise<FakeTwilio> {
  const accountSid = opts.accountSid ?? sidOf("AC");
  const authToken = opts.authToken ?? randomBytes(16).toString("hex");
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const accepted: FakeTwilioMessage[] = [];
  const byToken = new Map<string, object>();
  const faults: FakeTwilioFault[] = [];
  let calls = 0;

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const error = (res: http.ServerResponse, status: keyof typeof ERRORS, message?: string) =>
    json(res, status, { code: ERRORS[status].code, message: message ?? ERRORS[status].message, more_info: `https://www.twilio.com/docs/errors/${ERRORS[status].code}`, status });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = (req.url ?? "").split("?")[0]!;
      if (path === "/__messages") return json(res, 200, { messages: accepted, calls });
      if (path === "/__faults") {
        const { status, times, hang } = JSON.parse(raw || "{}") as { status?: 400 | 429 | 500 | 503; times?: number; hang?: boolean };
        for (let i = 0; i < (times ?? 1); i++) faults.push(hang ? { hang: true } : { status: status ?? 500 });
        return json(res, 200, { ok: true });
      }
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
      if (!match || req.method !== "POST") return error(res, 404);
      calls++;
      if (match[1] !== accountSid || req.headers.authorization !== expectedAuth) return error(res, 401);
      const fault = faults.shift();
      if (fault && "hang" in fault) return; // never answers; close() cuts it
      if (fault) return error(res, fault.status);

      const form = new URLSearchParams(raw);
      const to = form.get("To");
      const from = form.get("From");
      const messagingServiceSid = form.get("MessagingServiceSid");
      const body = form.get("Body");
      if (!to) return json(res, 400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
      if (!from && !messagingServiceSid) return json(res, 400, { code: 21603, message: "A 'From' phone number is required.", status: 400 });
      if (!body) return json(res, 400, { code: 21602, message: "Message body is required.", status: 400 });
      if (!/^\+[1-9]\d{6,14}$/.test(to)) return error(res, 400, `The 'To' number ${to} is not a valid phone number.`);

      const token = (req.headers["i-twilio-idempotency-token"] as string | undefined) ?? null;
      const seen = token ? byToken.get(token) : undefined;
      if (seen) return json(res, 201, seen);
      const sid = sidOf("SM");
      const now = new Date().toUTCString();
      const message = {
        sid,
        account_sid: accountSid,
        to,
        from: from ?? null,
        messaging_service_sid: messagingServiceSid,
        body,
        status: "queued",
        direction: "outbound-api",
        api_version: "2010-04-01",
        num_segments: String(Math.max(1, Math.ceil(body.length / 160))),
        num_media: "0",
        price: null,
        price_unit: "USD",
        error_code: null,
        error_message: null,
        date_created: now,
        date_updated: now,
        date_sent: null,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      };
      accepted.push({ sid, to, from, messagingServiceSid, body, idempotencyToken: token, at: Date.now() });
      if (token) byToken.set(token, message);
      json(res, 201, message);
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages: () => [...accepted],
    calls: () => calls,
    failNext: (n, status) => {
      for (let i = 0; i < n; i++) faults.push({ status });
    },
    hangNext: (n = 1) => {
      for (let i = 0; i < n; i++) faults.push({ hang: true });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
