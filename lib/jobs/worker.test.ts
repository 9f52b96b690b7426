import { unseal } from "@/lib/mail/sealed";
import { and, eq, sql } from "drizzle-orm";
import { createElement } from "react";
import { afterAll, describe, expect, it } from "vitest";
import { db, rowsOf } from "@/db/client";
import { emailMessages, teamMembers, workerHeartbeats } from "@/db/schema";
import { queueEmail, wakeOutbox } from "@/lib/mail/outbox";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { QUEUES } from "./boss";
import { queueEmailRequest } from "./email-requests";
import { startWorker, type Worker } from "./worker";

async function until(what: string, check: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("background worker (real pg-boss on the test database)", () => {
  let worker: Worker | undefined;
  afterAll(async () => worker?.stop());

  it("delivers an outbox row committed with its change, once woken", async () => {
    worker = await startWorker();
    const id = await db.transaction((tx) =>
      queueEmail(tx, {
        template: "test",
        to: "learner@example.com",
        subject: "Hello",
        element: createElement("p", null, "Open ", createElement("a", { href: "http://localhost/x" }, "this")),
        links: ["http://localhost/x"],
      }),
    );
    await wakeOutbox();
    const status = async () => (await db.select({ s: emailMessages.status }).from(emailMessages).where(eq(emailMessages.id, id)))[0]!.s;
    await until("delivered", async () => (await status()) === "delivered");
    const [row] = await db.select().from(emailMessages).where(eq(emailMessages.id, id));
    expect(row!.attempts).toBe(1);
    expect(row!.transport).toBe("dev");
    expect(unseal(row!.text)).toContain("Open");
    // It beats while running.
    const [beat] = await db.select().from(workerHeartbeats).where(eq(workerHeartbeats.id, worker.id));
    expect(beat).toMatchObject({ pid: process.pid, stoppedAt: null });
  });

  it("runs the login pages' email requests from durable jobs: the known address gets its email, the unknown none", async () => {
    const ws = await makeWorkspace();
    const known = await makeContact(ws);
    await queueEmailRequest({ type: "portal", workspaceId: ws.id, email: known.email, kind: "link", request, destination: null });
    await queueEmailRequest({ type: "portal", workspaceId: ws.id, email: `nobody-${known.email}`, kind: "link", request, destination: null });
    const sentTo = async (to: string) => (await db.select().from(emailMessages).where(and(eq(emailMessages.toEmail, to), eq(emailMessages.workspaceId, ws.id)))).length;
    await until("the known address's email", async () => (await sentTo(known.email)) === 1);
    // The job's payload is sealed: no address, IP or user agent readable in pg-boss's tables.
    const jobs = await rowsOf<{ d: string }>(db, sql`select data::text as d from pgboss.job where name = ${QUEUES.emailRequest}`);
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(jobs.every(({ d }) => d.includes("sealed:v1:") && !d.includes(known.email) && !d.includes(request.ip) && !d.includes(request.userAgent))).toBe(true);
    expect(await sentTo(`nobody-${known.email}`)).toBe(0);
  });

  it("runs the admin's forgot-password request from a durable job", async () => {
    const email = `admin-${Date.now()}@example.com`;
    const [member] = await db.insert(teamMembers).values({ email, name: "Ada Admin", passwordHash: "x" }).returning();
    await queueEmailRequest({ type: "admin_reset", email: email.toUpperCase(), request });
    const sent = async () => (await db.select().from(emailMessages).where(eq(emailMessages.teamMemberId, member!.id))).length === 1;
    await until("the admin's reset email", sent);
  });

  it("a failing email request is retried on its own; the others of its batch complete", async () => {
    const ws = await makeWorkspace();
    const known = await makeContact(ws);
    const now = (await rowsOf<{ now: string }>(db, sql`select now()::text as now`))[0]!.now;
    // Not a uuid: the lookup fails (as it would while the database is unreachable).
    await queueEmailRequest({ type: "portal", workspaceId: "not-a-workspace-id", email: known.email, kind: "link", request, destination: null });
    await queueEmailRequest({ type: "portal", workspaceId: ws.id, email: known.email, kind: "link", request, destination: null });
    await until("the good request's email", async () => (await db.select().from(emailMessages).where(eq(emailMessages.workspaceId, ws.id))).length === 1);
    const states = async () =>
      (await rowsOf<{ state: string }>(db, sql`select state::text as state from pgboss.job where name = ${QUEUES.emailRequest} and created_on >= ${now}::timestamptz order by state`)).map((r) => r.state);
    await until("one completed, one waiting for its retry", async () => JSON.stringify(await states()) === JSON.stringify(["completed", "retry"]));
  });

  it("says it stopped", async () => {
    await worker!.stop();
    const [beat] = await db.select().from(workerHeartbeats).where(eq(workerHeartbeats.id, worker!.id));
    expect(beat!.stoppedAt).not.toBeNull();
    worker = undefined;
  });
});
