/**
 * A local stand-in for the Resend HTTP API, for tests and benchmarks, behaving like Resend
 * where Portico depends on it: POST /emails and POST /emails/batch (at most 100), the
 * Idempotency-Key kept for 24 h (same key and payload → the first answer again and no second
 * delivery; same key, other payload → 409), 429 with retry-after above its configured rate,
 * and injectable faults for the next N calls (429, 500, 409, 422, a cut connection, or a
 * delivery whose answer is lost). It counts deliveries per recipient after idempotency.
 * Control over HTTP too (GET /__stats, POST /__faults), for servers in other processes.
 */
import { createHash, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Fault = "429" | "500" | "409" | "422" | "cut" | "lost_reply";
type Email = { from: string; to: string[] | string; subject: string; html?: string; text?: string; reply_to?: string | string[] };
type Recorded = { path: string; idempotencyKey: string | null; count: number; status: number; at: number };

export type FakeResend = {
  url: string;
  requests: Recorded[];
  /** Deliveries per recipient, after idempotency. */
  deliveries: Map<string, number>;
  delivered: Email[];
  fail(fault: Fault, times?: number): void;
  setRate(perSecond: number): void;
  /** Adds a sending domain to the domains API, verified or pending with its SPF and DKIM records. */
  addDomain(name: string, verified: boolean): void;
  close(): Promise<void>;
};

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const problem = (statusCode: number, name: string, message: string) => ({ statusCode, name, message });

export async function startFakeResend(opts: { port?: number; ratePerSecond?: number; replyDelayMs?: number } = {}): Promise<FakeResend> {
  let rate = opts.ratePerSecond ?? Infinity;
  const faults: Fault[] = [];
  const requests: Recorded[] = [];
  const deliveries = new Map<string, number>();
  const delivered: Email[] = [];
  const idempotency = new Map<string, { hash: string; status: number; body: unknown; at: number }>();
  const domains: { id: string; name: string; status: string; created_at: string; region: string; records: object[] }[] = [];
  let windowStart = 0;
  let inWindow = 0;

  const deliver = (emails: Email[]) =>
    emails.map((e) => {
      delivered.push(e);
      for (const to of [e.to].flat()) deliveries.set(to.toLowerCase(), (deliveries.get(to.toLowerCase()) ?? 0) + 1);
      return { id: randomUUID() };
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = (req.url ?? "").split("?")[0]!;
      if (path === "/__stats") return json(res, 200, { deliveries: Object.fromEntries(deliveries), delivered: delivered.length, requests: requests.length });
      if (path === "/__faults") {
        const { fault, times, rate: r } = JSON.parse(raw || "{}") as { fault?: Fault; times?: number; rate?: number };
        if (fault) for (let i = 0; i < (times ?? 1); i++) faults.push(fault);
        if (r !== undefined) rate = r;
        return json(res, 200, { ok: true });
      }
      // The domains API, for the settings page: one domain, verified or not as configured.
      if (req.method === "GET" && path === "/domains") return json(res, 200, { object: "list", has_more: false, data: domains.map((d) => ({ id: d.id, name: d.name, status: d.status, created_at: d.created_at, region: d.region })) });
      if (req.method === "GET" && path.startsWith("/domains/")) {
        const d = domains.find((x) => x.id === path.slice("/domains/".length));
        return d ? json(res, 200, { object: "domain", ...d }) : json(res, 404, problem(404, "not_found", "Domain not found"));
      }
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      const record = (status: number, count: number) => requests.push({ path, idempotencyKey: key, count, status, at: Date.now() });
      if (req.method !== "POST" || (path !== "/emails" && path !== "/emails/batch")) return json(res, 404, problem(404, "not_found", "Not found"));
      if (!String(req.headers.authorization ?? "").startsWith("Bearer ")) return json(res, 401, problem(401, "missing_api_key", "Missing API key"));

      // Rate limit first, as Resend does: a refused request delivers nothing.
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        inWindow = 0;
      }
      if (++inWindow > rate) {
        record(429, 0);
        return json(res, 429, problem(429, "rate_limit_exceeded", "Too many requests."), { "retry-after": String(Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000))) });
      }
      const fault = faults.shift();
      if (fault === "cut") return req.socket.destroy();
      if (fault === "429") return (record(429, 0), json(res, 429, problem(429, "rate_limit_exceeded", "Too many requests."), { "retry-after": "1" }));
      if (fault === "500") return (record(500, 0), json(res, 500, problem(500, "internal_server_error", "Something went wrong.")));
      if (fault === "409") return (record(409, 0), json(res, 409, problem(409, "concurrent_idempotent_requests", "Same idempotency key in flight.")));
      if (fault === "422") return (record(422, 0), json(res, 422, problem(422, "validation_error", "The `to` field is invalid.")));

      let payload: Email | Email[];
      try {
        payload = JSON.parse(raw) as Email | Email[];
      } catch {
        return json(res, 400, problem(400, "invalid_json", "Invalid JSON"));
      }
      const emails = path === "/emails/batch" ? (payload as Email[]) : [payload as Email];
      if (path === "/emails/batch" && (!Array.isArray(payload) || emails.length > 100)) return (record(422, 0), json(res, 422, problem(422, "validation_error", "A batch holds 1 to 100 emails.")));
      if (emails.some((e) => !e.from || !e.to || !e.subject)) return (record(422, 0), json(res, 422, problem(422, "validation_error", "Missing `from`, `to` or `subject`.")));

      const hash = createHash("sha256").update(raw).digest("hex");
      if (key) {
        const seen = idempotency.get(key);
        if (seen && now - seen.at < 24 * 3_600_000) {
          if (seen.hash !== hash) return (record(409, 0), json(res, 409, problem(409, "invalid_idempotent_request", "Same idempotency key used with a different payload.")));
          record(seen.status, 0);
          return json(res, seen.status, seen.body);
        }
      }
      const ids = deliver(emails);
      const body = path === "/emails/batch" ? { data: ids } : ids[0];
      if (key) idempotency.set(key, { hash, status: 200, body, at: now });
      record(200, emails.length);
      if (fault === "lost_reply") return req.socket.destroy();
      // Delivered now, answered later: a client that dies meanwhile never learns it was sent.
      if (opts.replyDelayMs) setTimeout(() => json(res, 200, body), opts.replyDelayMs);
      else json(res, 200, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deliveries,
    delivered,
    fail: (fault, times = 1) => {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    setRate: (r) => {
      rate = r;
    },
    addDomain: (name, verified) => {
      const status = verified ? "verified" : "pending";
      domains.push({
        id: randomUUID(),
        name,
        status,
        created_at: new Date().toISOString(),
        region: "us-east-1",
        records: [
          { record: "SPF", type: "TXT", name: `send.${name}`, value: "v=spf1 include:amazonses.com ~all", ttl: "Auto", status: verified ? "verified" : "not_started" },
          { record: "DKIM", type: "TXT", name: `resend._domainkey.${name}`, value: "p=MIGfMA0GCSqGSIb3DQEB…", ttl: "Auto", status: verified ? "verified" : "not_started" },
        ],
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
