/**
 * SIGTERM under load (issue 14, "Lose nothing when a process stops"): the production server on
 * PostgreSQL takes a burst of "Email me a login link" posts, is told to stop in the middle, and
 * must answer every request it had accepted (303), close an idle keep-alive connection at once,
 * exit 0 within SHUTDOWN_TIMEOUT_S, and leave every accepted request durable: once a worker has
 * run the remaining jobs, every known address has its email and no unknown one has any.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, requireBuild, startServer, startWorker, type Proc, type TestDatabase } from "./harness";

const PORT = 3401;
const KNOWN = 60;
const UNKNOWN = 60;

type Answer = { email: string; known: boolean; status?: number; error?: string; body?: string; sentAt?: number };

/** One form post on its own connection (no keep-alive), from its own client IP (X-Forwarded-For, one trusted hop). */
function post(url: string, slug: string, email: string, ip: string): { written: Promise<void>; answered: Promise<{ status?: number; error?: string; body?: string }> } {
  let written!: () => void;
  const writtenP = new Promise<void>((r) => (written = r));
  const body = new URLSearchParams({ email, kind: "link" }).toString();
  const answered = new Promise<{ status?: number; error?: string; body?: string }>((resolve) => {
    const req = http.request(
      `${url}/p/${slug}/auth/email`,
      { method: "POST", agent: false, headers: { origin: url, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), "x-forwarded-for": ip } },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString("utf8").slice(0, 300)));
        res.on("end", () => resolve({ status: res.statusCode, body: res.statusCode === 303 ? undefined : `${JSON.stringify(res.headers)} ${text.slice(0, 300)}` }));
        res.on("error", (err) => resolve({ status: res.statusCode, error: err.message }));
      },
    );
    req.on("error", (err) => resolve({ error: err.message }));
    req.end(body, () => written());
  });
  return { written: writtenP, answered };
}

describe("SIGTERM during a load of login-link requests", () => {
  let db: TestDatabase;
  const procs: Proc[] = [];
  const env = () => ({ DATABASE_URL: db.url, TRUST_PROXY_HOPS: "1", AUTH_SECRET: "system-test-secret-0123456789-abcdefghijklmnop", LOG_LINKS: "false" });

  beforeAll(async () => {
    requireBuild();
    db = await createDatabase("h1_sys");
  });
  afterAll(async () => {
    for (const p of procs) p.kill("SIGKILL");
    await Promise.all(procs.map((p) => p.exited));
    await db?.drop();
  });

  it("answers every accepted request, exits 0, and every 303 for a known address gets its email", async () => {
    const server = startServer({ port: PORT, env: env() });
    procs.push(server);
    await server.ready();

    // A workspace with an offer and KNOWN learners holding it (as test/fixtures.ts writes them).
    const slug = `shutdown-${Date.now().toString(36)}`;
    const [ws] = await db.sql<{ id: string }[]>`insert into workspaces (slug, name) values (${slug}, 'Shutdown Academy') returning id`;
    const [offer] = await db.sql<{ id: string }[]>`insert into offers (workspace_id, title, slug, status) values (${ws!.id}, 'All access', 'all-access', 'published') returning id`;
    const known = Array.from({ length: KNOWN }, (_, i) => `known-${i}@example.com`);
    const unknown = Array.from({ length: UNKNOWN }, (_, i) => `unknown-${i}@example.com`);
    for (const email of known) {
      const [c] = await db.sql<{ id: string }[]>`insert into contacts (workspace_id, email, first_name, last_name) values (${ws!.id}, ${email}, 'Lee', 'Learner') returning id`;
      await db.sql`insert into offer_grants (workspace_id, contact_id, offer_id, source) values (${ws!.id}, ${c!.id}, ${offer!.id}, 'admin')`;
    }

    // An idle keep-alive connection: the stop must close it at once, not after keepAliveTimeout (65 s).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await new Promise<void>((resolve, reject) => http.get(`${server.url}/api/health`, { agent }, (res) => (res.resume(), res.on("end", resolve))).on("error", reject));
    const idleSocket = Object.values(agent.freeSockets).flat()[0]!;
    expect(idleSocket).toBeDefined();
    const idleClosed = new Promise<number>((r) => idleSocket.once("close", () => r(Date.now())));

    // Every request from its own IP (past the per-IP limit), known and unknown addresses interleaved.
    const emails = known.flatMap((k, i) => [k, unknown[i]!]);
    const answers: Answer[] = emails.map((email) => ({ email, known: email.startsWith("known-") }));
    const calls = emails.map((email, i) => post(server.url, slug, email, `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`));
    const done = calls.map((c, i) => c.answered.then((a) => Object.assign(answers[i]!, a, { sentAt: Date.now() })));
    await Promise.all(calls.map((c) => c.written));
    // Stop in the middle: some answered, most still being served.
    let answered = 0;
    for (const d of done) void d.then(() => answered++);
    while (answered < 10) await new Promise((r) => setTimeout(r, 5));
    const inFlight = emails.length - answered;
    const termAt = Date.now();
    server.kill("SIGTERM");
    const { code } = await server.exited;
    const stopSeconds = (Date.now() - termAt) / 1000;
    await Promise.all(done);
    const idleClosedAfter = ((await idleClosed) - termAt) / 1000;
    agent.destroy();

    const failed = answers.filter((a) => a.status !== 303);
    const rows = async () => (await db.sql<{ to_email: string }[]>`select to_email from email_messages where workspace_id = ${ws!.id}`).map((r) => r.to_email);
    const atExit = new Set(await rows());
    console.log(
      `[shutdown] ${emails.length} requests, ${inFlight} in flight at SIGTERM; ${emails.length - failed.length} answered 303, ${failed.length} failed; exit ${code} after ${stopSeconds.toFixed(1)} s; idle keep-alive closed after ${idleClosedAfter.toFixed(2)} s; known emails queued by exit: ${known.filter((e) => atExit.has(e)).length}/${KNOWN}`,
    );
    expect(failed.map((a) => `${a.email}: ${a.status ?? a.error} ${a.body ?? ""}`)).toEqual([]);
    expect(code).toBe(0);
    expect(stopSeconds).toBeLessThan(12);
    expect(idleClosedAfter).toBeLessThan(1);
    expect(server.output()).toMatch(/SIGTERM: finishing \d+ requests in flight/);

    // What the server did not get to is in the durable jobs: a worker runs them.
    const worker = startWorker({ env: env() });
    procs.push(worker);
    await worker.waitFor(/running/);
    const deadline = Date.now() + 60_000;
    let queued = new Set<string>();
    while (Date.now() < deadline) {
      queued = new Set(await rows());
      if (known.every((e) => queued.has(e))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const lost = known.filter((e) => !queued.has(e));
    // Give a wrong one (an unknown address emailed) time to show, then check the jobs are all done.
    await new Promise((r) => setTimeout(r, 1000));
    queued = new Set(await rows());
    const [open] = await db.sql<{ n: number }[]>`select count(*)::int as n from pgboss.job where name = 'email-request' and state not in ('completed')`;
    console.log(`[shutdown] after the worker: known emails queued ${KNOWN - lost.length}/${KNOWN}, lost ${lost.length}; unknown emailed ${unknown.filter((e) => queued.has(e)).length}; unfinished jobs ${open!.n}`);
    expect(lost).toEqual([]);
    expect(unknown.filter((e) => queued.has(e))).toEqual([]);
    expect(open!.n).toBe(0);
    expect(queued.size).toBe(KNOWN);
    worker.kill("SIGTERM");
    expect((await worker.exited).code).toBe(0);
  });
});
