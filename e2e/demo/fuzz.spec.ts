import { expect, test, type Browser } from "@playwright/test";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import postgres from "postgres";
import { adminPage, demoState } from "../helpers";

/**
 * Issue 12, "Fuzzing": malformed requests to every route handler, every page and every server
 * action of the build under test — zero 5xx, no stack traces or internals in any answer, and
 * nothing written. The targets come from the build itself: `.next/app-path-routes-manifest.json`
 * (every page and route.ts) and `.next/server/server-reference-manifest.json` (every server
 * action id, its file and export). Real ids and each action's form fields are read from the
 * pages a signed-in admin and learner see. Requests go over raw HTTP (node:http) so paths,
 * headers and bodies can be byte-for-byte wrong; each has its own client IP (the demo server
 * trusts one proxy hop) so the per-IP limits other specs rely on stay untouched.
 */

const CONCURRENCY = 8;
const MB = 1024 * 1024;
const NEXT_DIR = path.join(process.cwd(), ".next");

type Role = "anon" | "admin" | "learner";
type Probe = { label: string; method: string; path: string; headers?: Record<string, string>; body?: Buffer; as: Role; actionId?: string };
type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; error?: string };

// ---------------------------------------------------------------------------------------------
// What an answer must never show: a stack frame, a source or build path, an error's class and
// message, a database error. And a page that answers OK must not hide an error boundary that
// caught a throw (its digest; Next's own notFound()/redirect() signals are fine). Checked
// against samples below, both ways.

const LEAKS: Array<[string, RegExp]> = [
  ["stack frame", /\n\s+at (?:async )?(?:[\w$.<>[\] ]+ \()?(?:\/|file:|node:|\.next|webpack|<anonymous>)/],
  ["source path", /(?:node_modules[\\/]|\.next[\\/]server|[\\/](?:app|lib|db|scripts|e2e)[\\/][\w[\]().\\/-]+\.(?:ts|tsx|mjs|js):\d+)/],
  ["error class", /\b(?:Type|Reference|Syntax|Range|Postgres|Zod|Invariant|Api|Auth|Setup|Aggregate)Error\b|\bError: [A-Z\w'"`]/],
  ["database error", /duplicate key value|violates (?:not-null|foreign key|unique|check) constraint|invalid input syntax for|invalid byte sequence|relation "\w+" does not exist|column "\w+" (?:does not exist|of relation)|ECONNREFUSED|PGlite/],
];
const SWALLOWED = /data-dgst="(?!NEXT_)/;

function leakOf(text: string, answer?: Pick<Answer, "status" | "headers">): string | null {
  const okPage = !answer || (answer.status < 400 && /text\/html/.test(String(answer.headers["content-type"])));
  for (const [what, re] of okPage ? [...LEAKS, ["caught error in an OK page", SWALLOWED] as [string, RegExp]] : LEAKS) {
    const m = re.exec(text);
    if (m) return `${what}: …${text.slice(Math.max(0, m.index - 60), m.index + 100).replace(/\s+/g, " ")}…`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Targets from the build.

type Target = { template: string; kind: "page" | "route"; params: string[] };

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(NEXT_DIR, file), "utf8")) as T;
}

function buildTargets() {
  const routes = readJson<Record<string, string>>("app-path-routes-manifest.json");
  const targets: Target[] = [];
  const byEntry = new Map<string, string>();
  for (const [entry, template] of Object.entries(routes)) {
    byEntry.set(`app${entry}`, template);
    if (template.startsWith("/_")) continue; // /_not-found, /_global-error: Next's own
    const kind = entry.endsWith("/route") ? "route" : "page";
    targets.push({ template, kind, params: [...template.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => m[1]!) });
  }
  // The build under test has every page and route handler of the source tree (it is not stale).
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const sources = walk("app").filter((f) => /[\\/](page\.tsx|route\.ts)$/.test(f)).map((f) => f.slice("app".length).replace(/\\/g, "/").replace(/\.tsx?$/, ""));
  const missing = sources.filter((f) => !(f in routes));
  const manifest = readJson<{ node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }> }>("server/server-reference-manifest.json");
  const actions = Object.entries(manifest.node).map(([id, a]) => ({
    id,
    name: `${a.filename}#${a.exportedName}`,
    pages: Object.keys(a.workers).map((w) => byEntry.get(w)).filter((t): t is string => !!t),
  }));
  return { targets, actions, missing };
}

const templateRegex = (t: string) =>
  new RegExp(`^${t.split("/").map((seg) => (/^\[\.\.\.\w+\]$/.test(seg) ? "(.+)" : /^\[\w+\]$/.test(seg) ? "([^/?#]+)" : seg.replace(/[.*+?^${}()|\\]/g, "\\$&"))).join("/")}$`);

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => values[name] ?? "00000000-0000-4000-8000-000000000000");

// ---------------------------------------------------------------------------------------------
// Raw HTTP.

let clientNo = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(base: URL, probe: Probe, cookies: Record<Role, string>): Promise<Answer> {
  const n = ++clientNo;
  const headers: Record<string, string> = {
    host: base.host,
    "x-forwarded-for": `198.18.${(n >> 8) & 255}.${n & 255}`,
    "user-agent": "portico-fuzz",
    ...(probe.body ? { "content-length": String(probe.body.length) } : {}),
    ...(cookies[probe.as] ? { cookie: cookies[probe.as] } : {}),
    ...probe.headers,
  };
  return new Promise((resolve) => {
    let status = 0;
    let done = false;
    const finish = (answer: Answer) => {
      if (!done) resolve(answer);
      done = true;
    };
    // Browsers take far larger answers' headers than Node's 16 kB default (a long URL redirected is in two).
    const req = http.request({ host: base.hostname, port: base.port, method: probe.method, path: probe.path, headers, agent, maxHeaderSize: 256 * 1024 }, (res) => {
      status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      const answer = (error?: string) => finish({ status, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), error });
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => answer());
      res.on("error", (e) => answer(String(e)));
      res.on("close", () => answer());
    });
    // After an answer, a failed write (the server refused a large body early and closed) is no failure.
    req.on("error", (e) => setTimeout(() => finish({ status, headers: {}, body: "", error: String(e) }), 100));
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    const body = probe.body;
    if (!body || body.length <= MB) return void req.end(body);
    // Over 1 MB: the headers first (a server may refuse the body by its length alone, or the
    // request line), then the body in pieces until the server answers — as a browser's upload goes.
    req.flushHeaders();
    void (async () => {
      for (let waited = 0; waited < 200 && !status && !req.destroyed; waited += 20) await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < body.length && !status && !req.destroyed; i += 64 * 1024) {
        if (!req.write(body.subarray(i, i + 64 * 1024))) await new Promise((r) => req.once("drain", r));
      }
      req.end();
    })().catch(() => {});
  });
}

async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bodies.

type Part = { name: string; value: string | Buffer; filename?: string; type?: string };

function multipart(parts: Part[], boundary = "----PorticoFuzz7MA4YWxkTrZu0gW"): { type: string; body: Buffer } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name.replace(/"/g, "%22")}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n`), Buffer.from(p.value), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** Values no field of any form accepts: each is wrong in a different way. */
const BAD_VALUES: Array<{ label: string; parts: (name: string) => Part[] }> = [
  { label: "array", parts: (n) => [{ name: n, value: "a" }, { name: n, value: "b" }] },
  { label: "file", parts: (n) => [{ name: n, value: Buffer.from([0, 0xff, 0xfe, 0x7f, 0x0a]), filename: "x.bin", type: "application/octet-stream" }] },
  { label: "nul", parts: (n) => [{ name: n, value: "x\u0000y" }] },
  { label: "invalid UTF-8", parts: (n) => [{ name: n, value: Buffer.from([0x61, 0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]) }] },
  { label: "controls", parts: (n) => [{ name: n, value: "\u0007\u001b[2J\u202e\u2066\u0008\u000b" }] },
];

/** Text that is wrong as a value of any field, for urlencoded bodies and query strings. */
const BAD_ENCODED = ["%", "%zz", "%E0%A4%A", "%C3%28", "%00", "%FF%FE", "%ED%A0%80", "%F0%9F%98%80%E2%80%AE%00", encodeURIComponent("x".repeat(20_000))];

const ODD_SEGMENTS = [
  "%",
  "%zz",
  "%C3%28",
  "%00",
  "\xff\xfe", // raw bytes on the wire: not UTF-8
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "x".repeat(3000),
  "%F0%9F%98%80%E2%80%AE",
  "__proto__",
  "00000000-0000-0000-0000-000000000000",
  "%27%20OR%201%3D1--",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
];

const QUERY_KEYS = ["email", "next", "q", "page", "tab", "error", "kind", "sent", "left", "check", "ref", "saved", "status", "signed_out", "token", "mode", "sort", "tag", "offer", "from", "to", "callbackUrl"];

const ODD_QUERIES = [
  QUERY_KEYS.map((k) => `${k}=a&${k}=b&${k}=c`).join("&"), // arrays
  QUERY_KEYS.map((k) => `${k}[]=x&${k}[0][a]=y`).join("&"),
  QUERY_KEYS.map((k, i) => `${k}=${BAD_ENCODED[i % BAD_ENCODED.length]}`).join("&"),
  QUERY_KEYS.map((k) => `${k}=${encodeURIComponent("𝔘😀\u202e\u0000<svg onload=alert(1)>")}`).join("&"),
  QUERY_KEYS.map((k) => `${k}=${encodeURIComponent('{"$ne":null}')}`).join("&"),
  QUERY_KEYS.map((k, i) => `${k}=${["constructor", "__proto__", "toString", "hasOwnProperty"][i % 4]}`).join("&"),
  `q=${"a".repeat(6000)}&next=${"/".repeat(3000)}&page=${"9".repeat(400)}`,
  "next=%2F%2Fevil.example%2F&next=javascript:alert(1)&page=-1&page=NaN&tab=__proto__&tab=constructor",
  "%=%&&&=&==&%zz=%zz&\xff=\xfe",
];

// ---------------------------------------------------------------------------------------------
// Discovery: real ids, and each action's form (field names and the values a browser would send).

/** A form as the page renders it; `plain` for a form action without state (it sends only the form). */
type Form = { page: string; role: Role; plain: boolean; fields: Record<string, string>; multi: Set<string> };

const decodeEntities = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d))).replace(/&amp;/g, "&");

function formsOf(html: string, page: string, role: Role, into: Map<string, Form>) {
  for (const [form] of html.matchAll(/<form\b[\s\S]*?<\/form>/g)) {
    // React renders a plain form action as `$ACTION_ID_<id>`, one with state as a bound reference.
    const plainId = /name="\$ACTION_ID_([0-9a-f]{42})"/.exec(form!)?.[1];
    const id = plainId ?? /&quot;id&quot;:&quot;([0-9a-f]{42})&quot;/.exec(form!)?.[1];
    if (!id || into.has(id)) continue;
    const fields: Record<string, string> = {};
    const seen = new Map<string, number>();
    for (const [tag, kind] of Array.from(form!.matchAll(/<(input|select|textarea)\b[^>]*>/g), (m) => [m[0], m[1]] as const)) {
      const name = /\bname="([^"]+)"/.exec(tag)?.[1];
      if (!name || name.startsWith("$ACTION")) continue;
      seen.set(name, (seen.get(name) ?? 0) + 1);
      if (name in fields) continue;
      const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
      fields[name] = decodeEntities(value ?? (kind === "select" ? (/<option[^>]*value="([^"]*)"/.exec(form!.slice(form!.indexOf(tag)))?.[1] ?? "") : ""));
    }
    into.set(id, { page, role, plain: !!plainId, fields, multi: new Set([...seen].filter(([, n]) => n > 1).map(([k]) => k)) });
  }
}

async function discover(base: URL, targets: Target[], cookies: Record<Role, string>) {
  const values: Record<string, string> = { workspace: "demo" };
  const forms = new Map<string, Form>();
  const pages = targets.filter((t) => t.kind === "page");
  const matchers = pages.map((t) => ({ t, re: templateRegex(t.template) }));
  const roleOf = (t: string): Role => (t.startsWith("/admin") ? "admin" : t.startsWith("/p/") ? "learner" : "anon");
  const visited = new Set<string>();
  const tabs: string[] = [];
  // Rounds: pages whose parameters are all known; their links give the ids for the next round.
  for (let round = 0; round < 4; round++) {
    const batch: Array<[string, Role]> = [];
    for (const t of pages) if (t.params.every((n) => n in values)) batch.push([fill(t.template, values), roleOf(t.template)]);
    for (const p of tabs.splice(0)) batch.push([p, roleOf(p)]);
    batch.push(["/admin/login", "anon"], ["/p/demo/login", "anon"], ["/admin/forgot-password", "anon"]);
    const todo = batch.filter(([p, role]) => !visited.has(`${role} ${p}`));
    todo.forEach(([p, role]) => visited.add(`${role} ${p}`));
    if (!todo.length) break;
    const answers = await pool(todo, CONCURRENCY, async ([p, role]) => [p, role, await send(base, { label: "discover", method: "GET", path: p, as: role }, cookies)] as const);
    for (const [p, role, a] of answers) {
      formsOf(a.body, p, role, forms);
      // Links, and addresses shown as text (a checkout URL on the offer page).
      for (const [, href] of a.body.matchAll(/(?:href="|>|\s|")((?:https?:\/\/[^/"<\s]+)?\/(?:p|admin|dev)\/[^"<\s#\\]*)/g)) {
        const [pathname, query] = decodeEntities(href!).replace(/^https?:\/\/[^/]+/, "").split("?");
        // The most specific route wins: /admin/demo/contacts/import is not a contact.
        const best = matchers.map(({ t, re }) => ({ t, m: re.exec(pathname!) })).filter((x) => x.m).sort((x, y) => x.t.params.length - y.t.params.length)[0];
        if (!best) continue;
        best.t.params.forEach((name, i) => (values[name] ??= best.m![i + 1]!));
        if (query && /^tab=\w+$/.test(query)) tabs.push(`${pathname}?${query}`);
      }
    }
  }
  return { values, forms };
}

// ---------------------------------------------------------------------------------------------
// The requests.

function buildProbes(ctx: {
  targets: Target[];
  actions: ReturnType<typeof buildTargets>["actions"];
  values: Record<string, string>;
  forms: Map<string, Form>;
  origin: string;
  cookieNames: string[];
  providers: string[];
}): Probe[] {
  const { targets, actions, values, forms, origin } = ctx;
  const probes: Probe[] = [];
  const same = { origin };
  const roleOf = (template: string): Role | null => (template.startsWith("/admin") ? "admin" : template.startsWith("/p/") ? "learner" : null);

  // Pages: odd query strings (signed out and signed in), odd path segments, odd cookies.
  for (const t of targets.filter((x) => x.kind === "page")) {
    const page = fill(t.template, values);
    const role = roleOf(t.template);
    for (const q of ODD_QUERIES) {
      probes.push({ label: "page query", method: "GET", path: `${page}?${q}`, as: "anon" });
      if (role) probes.push({ label: "page query", method: "GET", path: `${page}?${q}`, as: role });
    }
    for (const name of t.params) {
      for (const seg of ODD_SEGMENTS) {
        const p = fill(t.template, { ...values, [name]: seg });
        probes.push({ label: `page segment [${name}]`, method: "GET", path: p, as: role && name !== "workspace" ? role : "anon" });
      }
    }
    probes.push({ label: "page long path", method: "GET", path: `${page}/${"a/".repeat(2500)}`, as: role ?? "anon" });
    probes.push({ label: "page odd cookies", method: "GET", path: page, as: "anon", headers: { cookie: ctx.cookieNames.map((c, i) => `${c}=${["garbage", "%zz%00", "e30.e30.e30", "x".repeat(3000)][i % 4]}`).join("; ") } });
    probes.push({ label: "page POST garbage", method: "POST", path: page, as: role ?? "anon", headers: { ...same, "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from("a=%zz&b[]=1&%=&\xff") });
  }
  // Paths that match no page at all.
  for (const p of ["/%", "/%zz", "/\xff", `/${"a".repeat(8000)}`, "/p", "/p/", "/p/%00/login", "/admin/%E0%A4%A/contacts", "/p/demo/%2e%2e/%2e%2e/admin", "//evil.example/", "/_next/static/..%2f..%2fpackage.json", "/_next/image?url=%2Fetc%2Fpasswd&w=1&q=1", "/api", "/api/%zz", "/api/auth/admin/%00"]) {
    probes.push({ label: "odd path", method: "GET", path: p, as: "anon" });
  }

  // Route handlers: every method, bodies of every wrong kind.
  const routeBodies: Array<{ label: string; type?: string; body?: Buffer }> = [
    { label: "empty" },
    { label: "urlencoded arrays", type: "application/x-www-form-urlencoded", body: Buffer.from("email=fuzz%40example.com&email=fuzz2%40example.com&kind=code&kind=reset&code=123456&code=654321&token=x&token=y&next=%2Fp%2Fdemo%2Fcourses&next=x&ref=a&ref=b") },
    { label: "multipart email as a file", ...(() => { const m = multipart([{ name: "email", value: "fuzz@example.com", filename: "email.txt", type: "text/plain" }, { name: "code", value: "123456", filename: "c" }]); return { type: m.type, body: m.body }; })() },
    { label: "urlencoded NUL", type: "application/x-www-form-urlencoded", body: Buffer.from("email=fuzz%00%40example.com&code=12%0034%0056&token=%00&next=%00&ref=%00") },
    { label: "urlencoded bad encoding", type: "application/x-www-form-urlencoded", body: Buffer.from(`email=${BAD_ENCODED.join("&email=")}&code=%ED%A0%80&token=%zz`) },
    { label: "urlencoded 1.5 MB field", type: "application/x-www-form-urlencoded", body: Buffer.from(`email=${"a".repeat(1.5 * MB)}&code=1`) },
    { label: "multipart bad boundary", type: "multipart/form-data; boundary=nope", body: Buffer.from("--other\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx\r\n") },
    { label: "multipart no boundary", type: "multipart/form-data", body: Buffer.from("garbage") },
    { label: "multipart truncated", ...(() => { const m = multipart([{ name: "email", value: "x" }]); return { type: m.type, body: m.body.subarray(0, 40) }; })() },
    { label: "multipart files and arrays", ...(() => { const m = multipart(["email", "code", "token", "kind", "mode", "file"].flatMap((n) => BAD_VALUES.flatMap((b) => b.parts(n)))); return { type: m.type, body: m.body }; })() },
    { label: "JSON", type: "application/json", body: Buffer.from('{"email":["a@b.c"],"code":{"$gt":""},"token":null,"type":"email.delivered","data":{"email_id":[]}}') },
    { label: "JSON broken", type: "application/json", body: Buffer.from('{"email": "a@b.c", ') },
    { label: "invalid UTF-8", type: "text/plain;charset=utf-8", body: Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]) },
    { label: "XML", type: "application/xml", body: Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>') },
    { label: "wrong charset", type: "application/x-www-form-urlencoded; charset=utf-7", body: Buffer.from("email=+ADw-script+AD4-") },
  ];
  // Each handler's own address gets every method and body; odd addresses of it a few (the address is what is wrong).
  const routePaths: Array<{ t: Target; p: string; full: boolean }> = [];
  for (const t of targets.filter((x) => x.kind === "route")) {
    if (t.params.includes("nextauth")) {
      const actionsOfAuth = ["session", "csrf", "providers", "signin", "signout", "callback", ...ctx.providers.flatMap((p) => [`signin/${p}`, `callback/${p}`])];
      for (const a of actionsOfAuth) routePaths.push({ t, p: fill(t.template, { ...values, nextauth: a }), full: true });
      for (const a of ["error", "verify-request", "webauthn-options", "callback/%zz", "signin/__proto__", "x".repeat(2000)]) routePaths.push({ t, p: fill(t.template, { ...values, nextauth: a }), full: false });
    } else {
      routePaths.push({ t, p: fill(t.template, values), full: true });
      for (const seg of ["%zz", "\xff", "x".repeat(3000)]) if (t.params.length) routePaths.push({ t, p: fill(t.template, { ...values, [t.params[0]!]: seg }), full: false });
    }
  }
  const FEW = new Set(["empty", "urlencoded bad encoding", "multipart no boundary", "JSON"]);
  for (const { t, p, full } of routePaths) {
    const role = roleOf(t.template) ?? "anon";
    for (const method of full ? ["GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"] : ["GET", "PUT"]) probes.push({ label: `route ${method}`, method, path: `${p}?${ODD_QUERIES[probes.length % ODD_QUERIES.length]}`, as: "anon" });
    for (const b of full ? routeBodies : routeBodies.filter((x) => FEW.has(x.label))) {
      const headers = { ...same, ...(b.type ? { "content-type": b.type } : {}), "svix-id": "msg_%zz", "svix-timestamp": "not-a-time", "svix-signature": "v1,@@@" };
      probes.push({ label: `route POST ${b.label}`, method: "POST", path: p, as: "anon", headers, body: b.body });
      if (role !== "anon" || t.template.includes("/auth/")) probes.push({ label: `route POST ${b.label} (signed in)`, method: "POST", path: p, as: role === "anon" ? "learner" : role, headers, body: b.body });
    }
    probes.push({ label: "route POST cross-site", method: "POST", path: p, as: "anon", headers: { origin: "null", "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from("email=%zz") });
    probes.push({ label: "route POST forged client IP", method: "POST", path: p, as: "anon", headers: { ...same, "x-forwarded-for": "garbage, , 999.1.1.1, ::ffff:zz, [::1]:x", "x-real-ip": "%00", "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from("email=a") });
  }

  // Server actions: fetch requests (Next-Action header) and no-JS form posts, signed out and in.
  const FALLBACK_FIELDS = ["workspace", "email", "password", "name", "id", "token", "code"];
  for (const a of actions) {
    const form = forms.get(a.id);
    const page = form?.page ?? fill(a.pages[0] ?? "/", values);
    const names = Object.keys(form?.fields ?? {}).length ? Object.keys(form!.fields) : FALLBACK_FIELDS;
    // How a browser calls it: a form with state sends (prevState, formData), a plain form action
    // (formData). An action whose form was not found gets both.
    const STATE = '[{},"$K1"]';
    const PLAIN = '["$K1"]';
    const roots = form ? [form.plain ? PLAIN : STATE] : [STATE, PLAIN];
    const fetchHeaders = { ...same, "next-action": a.id, accept: "text/x-component" };
    const fetchMultipart = (parts: Part[], root: string) => {
      const m = multipart([...parts.map((p) => ({ ...p, name: `_1_${p.name}` })), { name: "0", value: root }]);
      return { headers: { ...fetchHeaders, "content-type": m.type }, body: m.body };
    };
    const fetchText = (args: unknown, type = "text/plain;charset=UTF-8") => ({ headers: { ...fetchHeaders, "content-type": type }, body: Buffer.from(typeof args === "string" ? args : JSON.stringify(args)) });
    const allBad = (b: (typeof BAD_VALUES)[number]) => names.flatMap((n) => b.parts(n));
    const variants: Array<{ label: string; headers: Record<string, string>; body: Buffer; signedIn: boolean }> = [
      ...roots.map((root) => ({ label: "no fields", ...fetchMultipart([], root), signedIn: true })),
      ...BAD_VALUES.map((b, i) => ({ label: `every field ${b.label}`, ...fetchMultipart(allBad(b), roots[i % roots.length]!), signedIn: true })),
      { label: "every field 200 kB", ...fetchMultipart(names.slice(0, 4).map((n) => ({ name: n, value: "ü".repeat(100_000) })), roots[0]!), signedIn: true },
      { label: "1.2 MB field", ...fetchMultipart([{ name: names[0]!, value: "x".repeat(1.2 * MB) }], roots[0]!), signedIn: false },
      { label: "root not an array", ...fetchMultipart(allBad(BAD_VALUES[0]!), '{"0":{},"length":2}'), signedIn: false },
      { label: "root refers to nothing", ...fetchMultipart([], '[{},"$K1","$@7","$Q9"]'), signedIn: false },
      { label: "prototype pollution", ...fetchMultipart(allBad(BAD_VALUES[2]!), '[{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}},"$K1"]'), signedIn: true },
      { label: "root missing", headers: { ...fetchHeaders, "content-type": multipart([]).type }, body: multipart(names.map((n) => ({ name: `_1_${n}`, value: "x" }))).body, signedIn: false },
      { label: "multipart no boundary", headers: { ...fetchHeaders, "content-type": "multipart/form-data" }, body: Buffer.from("garbage"), signedIn: false },
      { label: "JSON object for the form", ...fetchText([{}, Object.fromEntries(names.map((n) => [n, [n, { $gt: "" }]]))]), signedIn: true },
      { label: "values with NUL", ...fetchText([values.workspace, "a\u0000b"]), signedIn: true },
      { label: "values of the wrong type", ...fetchText([["demo"], { $gt: "" }, null]), signedIn: true },
      { label: "text garbage", headers: { ...fetchHeaders, "content-type": "text/plain;charset=UTF-8" }, body: Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x22]), signedIn: false },
      { label: "application/json", ...fetchText(Object.fromEntries(names.map((n) => [n, "x"])), "application/json"), signedIn: false },
      { label: "urlencoded", ...fetchText(names.map((n) => `${n}=%zz&${n}=1`).join("&"), "application/x-www-form-urlencoded"), signedIn: false },
    ];
    // No-JS form posts: the hidden fields React renders (either kind), bound to garbage.
    const mpa = (extra: Part[], plain: boolean) => {
      const refs: Part[] = plain
        ? [{ name: `$ACTION_ID_${a.id}`, value: "" }]
        : [{ name: "$ACTION_REF_1", value: "" }, { name: "$ACTION_1:0", value: JSON.stringify({ id: a.id, bound: "$@1" }) }, { name: "$ACTION_1:1", value: "[{" }];
      const m = multipart([...refs, ...extra]);
      return { headers: { ...same, "content-type": m.type }, body: m.body };
    };
    variants.push({ label: "form post, fields arrays", ...mpa(allBad(BAD_VALUES[0]!), roots.length > 1 ? false : form!.plain), signedIn: true });
    variants.push({ label: "form post, fields files", ...mpa(allBad(BAD_VALUES[1]!), roots.length > 1 ? true : form!.plain), signedIn: true });

    for (const v of variants) probes.push({ label: `action ${v.label}`, method: "POST", path: page, headers: v.headers, body: v.body, as: "anon", actionId: a.id });
    const role = form?.role ?? roleOf(a.pages[0] ?? "");
    if (!role || role === "anon") continue;
    for (const v of variants.filter((x) => x.signedIn)) probes.push({ label: `action ${v.label} (signed in)`, method: "POST", path: page, headers: v.headers, body: v.body, as: role, actionId: a.id });
    if (!form) continue;
    // The form as the page renders it, with one field wrong: the wrapper must refuse it whole.
    const single = names.filter((n) => !form.multi.has(n)).slice(0, 6);
    single.forEach((n, i) => {
      const bad = BAD_VALUES[i % BAD_VALUES.length]!;
      const parts = Object.entries(form.fields).flatMap(([k, v]) => (k === n ? bad.parts(k) : [{ name: k, value: v }]));
      probes.push({ label: `action form with ${n} ${bad.label} (signed in)`, method: "POST", path: page, ...fetchMultipart(parts, roots[0]!), as: role, actionId: a.id });
    });
  }
  // A Next-Action header that names no action, in every shape.
  for (const id of ["x", "7f", "7F" + "A".repeat(40), "0".repeat(42), "z".repeat(42), "7f".repeat(500), "__proto__", "%00"]) {
    probes.push({ label: "unknown action id", method: "POST", path: "/admin/login", as: "anon", headers: { ...same, "next-action": id, "content-type": "text/plain;charset=UTF-8" }, body: Buffer.from("[]") });
  }
  return probes;
}

// ---------------------------------------------------------------------------------------------
// Nothing written: every table's rows, before and after.

const demoDatabaseUrl = () => {
  if (!process.env.DATABASE_URL) return null;
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${`${url.pathname.slice(1) || "postgres"}_e2e_demo`.replace(/[^a-z0-9_]/gi, "_")}`; // as e2e/serve.mjs names it
  return url.toString();
};

// pg-boss keeps its own bookkeeping (maintenance, schedules) on a timer: not the app's data.
const SKIP_SCHEMAS = ["pg_catalog", "information_schema", "pgboss"];
// The in-process sender updates delivery state of mail queued by earlier specs on its own timer,
// and the worker beats every 2 s (worker_heartbeats); their row counts are still compared, their contents not.
const CONTENT_VOLATILE = new Set(["public.email_messages", "public.provider_pacer", "public.worker_heartbeats"]);

type Snapshot = Record<string, { rows: number; digest: string }>;

async function snapshot(sql: postgres.Sql): Promise<Snapshot> {
  const tables = await sql<{ s: string; t: string }[]>`select table_schema as s, table_name as t from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema <> all(${SKIP_SCHEMAS}) order by 1, 2`;
  const out: Snapshot = {};
  for (const { s, t } of tables) {
    const [r] = await sql.unsafe<{ rows: number; digest: string }[]>(
      `select count(*)::int as rows, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as digest from "${s}"."${t}" x`,
    );
    out[`${s}.${t}`] = r!;
  }
  return out;
}

/** A snapshot once the database has been still for a second (mail from earlier specs, after() work). */
async function settled(sql: postgres.Sql): Promise<Snapshot> {
  let last = await snapshot(sql);
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await snapshot(sql);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

// ---------------------------------------------------------------------------------------------

async function signedInCookies(browser: Browser): Promise<{ admin: string; learner: string; names: string[] }> {
  const { admin, learner } = demoState();
  const adminTab = await adminPage(browser, admin);
  const learnerTab = await (await browser.newContext()).newPage();
  await learnerTab.goto("/p/demo/login");
  await learnerTab.getByLabel("Email").fill(learner.email);
  await learnerTab.getByLabel("Password").fill(learner.password);
  await learnerTab.getByRole("button", { name: "Sign in" }).click();
  await expect(learnerTab).toHaveURL(/\/p\/demo$/);
  const header = async (page: typeof adminTab) => (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const names = [...(await adminTab.context().cookies()), ...(await learnerTab.context().cookies())].map((c) => c.name);
  const out = { admin: await header(adminTab), learner: await header(learnerTab), names };
  await adminTab.context().close();
  await learnerTab.context().close();
  return out;
}

test("the leak detector flags stack traces and internals, and passes Next's standard pages", async ({ baseURL }) => {
  const samples = [
    new Error("boom").stack!,
    "TypeError: Cannot read properties of undefined (reading 'get')",
    'PostgresError: invalid input syntax for type uuid: "x"',
    '<div><!--$!--><template data-dgst="4248635828"></template></div>',
    "    at B (.next/server/chunks/ssr/_0uxc5_ni7tpy9._.js:1:1109)",
  ];
  for (const s of samples) expect(leakOf(s), s).not.toBeNull();
  const base = new URL(baseURL!);
  const notFound = await send(base, { label: "control", method: "GET", path: "/no-such-page", as: "anon" }, { anon: "", admin: "", learner: "" });
  expect(notFound.status).toBe(404);
  expect(notFound.body).toContain("Page not found");
  expect(leakOf(notFound.body)).toBeNull();
  const login = await send(base, { label: "control", method: "GET", path: "/p/demo/login", as: "anon" }, { anon: "", admin: "", learner: "" });
  expect(login.status).toBe(200);
  expect(leakOf(login.body)).toBeNull();
});

test("1,000+ malformed requests to every route, page and server action: no 5xx, no internals, nothing written", async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(240_000);
  const base = new URL(baseURL!);
  const { targets, actions, missing } = buildTargets();
  expect(missing, "pages and route handlers in app/ but not in the build").toEqual([]);
  expect(targets.filter((t) => t.kind === "route").length).toBeGreaterThanOrEqual(8);
  expect(actions.length).toBeGreaterThanOrEqual(40);

  const signedIn = await signedInCookies(browser);
  const cookies: Record<Role, string> = { anon: "", admin: signedIn.admin, learner: signedIn.learner };
  const { values, forms } = await discover(base, targets, cookies);
  const providers = Object.keys(JSON.parse((await send(base, { label: "providers", method: "GET", path: "/api/auth/portal/providers", as: "anon" }, cookies)).body || "{}"));
  const probes = buildProbes({ targets, actions, values, forms, origin: base.origin, cookieNames: [...new Set(signedIn.names)], providers });
  expect(probes.length).toBeGreaterThanOrEqual(1000);

  const dbUrl = demoDatabaseUrl();
  const sql = dbUrl ? postgres(dbUrl, { max: 1, onnotice: () => {} }) : null;
  // Without DATABASE_URL the demo server runs on PGlite, which one process owns: no row counts then.
  const before = sql ? await settled(sql) : null;

  const started = Date.now();
  const answers = await pool(probes, CONCURRENCY, (p) => send(base, p, cookies));
  const seconds = (Date.now() - started) / 1000;

  const failures: string[] = [];
  const reached = new Set<string>();
  let refused = 0;
  answers.forEach((a, i) => {
    const p = probes[i]!;
    const what = `${p.label} [${p.as}] ${p.method} ${p.path.slice(0, 120)}${p.actionId ? ` (${actions.find((x) => x.id === p.actionId)?.name})` : ""}`;
    const leak = leakOf(a.body, a) ?? leakOf(String(a.headers.location ?? ""));
    if (a.status === 0) failures.push(`${what} → no answer: ${a.error}`);
    else if (a.status >= 500) failures.push(`${what} → ${a.status} ${a.body.slice(0, 160).replace(/\s+/g, " ")}`);
    else if (leak) failures.push(`${what} → ${a.status} shows a ${leak}`);
    // The action ran (its answer or its redirect), rather than Next turning the request away.
    if (p.actionId && a.status < 500 && (a.headers["x-action-redirect"] || /^0:\{"a":"\$@1"/.test(a.body) || (a.status === 303 && !p.headers?.["next-action"]))) reached.add(p.actionId);
    if (a.body.includes("Please correct the highlighted fields.")) refused++;
  });

  const after = sql ? await settled(sql) : null;
  await sql?.end();
  const written: string[] = [];
  if (before && after) {
    for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const [b, a] = [before[table], after[table]];
      if (b?.rows !== a?.rows) written.push(`${table}: ${b?.rows ?? "none"} → ${a?.rows ?? "none"} rows`);
      else if (!CONTENT_VOLATILE.has(table) && b?.digest !== a?.digest) written.push(`${table}: rows changed`);
    }
  }
  console.log(`[fuzz] ${probes.length} requests in ${seconds.toFixed(1)} s; ${forms.size} action forms found; ${reached.size}/${actions.length} actions reached; ${refused} refused as invalid input; ${before ? `${Object.keys(before).length} tables compared` : "row counts skipped (PGlite)"}`);
  fs.writeFileSync(testInfo.outputPath("failures.txt"), failures.join("\n"));
  expect.soft(failures, failures.slice(0, 60).join("\n")).toEqual([]);
  expect.soft(written, "writes by malformed requests").toEqual([]);
  expect.soft(actions.filter((a) => !reached.has(a.id)).map((a) => a.name), "actions no request reached").toEqual([]);
  expect(refused).toBeGreaterThan(100);
});
