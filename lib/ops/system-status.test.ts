import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailMessages, teamMembers, workerHeartbeats, workspaceMembers, type MemberRole, type Workspace } from "@/db/schema";
import { LocalTime } from "@/components/ui/local-time";
import { makeWorkspace } from "@/test/fixtures";
import { systemPage } from "./system-status";

let ws: Workspace;
const ids: Partial<Record<MemberRole | "stranger", string>> = {};

beforeAll(async () => {
  ws = await makeWorkspace();
  for (const role of ["owner", "admin", "member", "stranger"] as const) {
    const [m] = await db.insert(teamMembers).values({ email: `${role}-${ws.slug}@example.com`, name: role }).returning();
    ids[role] = m!.id;
    if (role !== "stranger") await db.insert(workspaceMembers).values({ workspaceId: ws.id, teamMemberId: m!.id, role });
  }
});

describe("Settings → System (owners only)", () => {
  it("refuses an admin and a member, and is not there for someone outside the workspace", async () => {
    expect(await systemPage(ids.admin!, ws.slug)).toEqual({ allowed: false });
    expect(await systemPage(ids.member!, ws.slug)).toEqual({ allowed: false });
    expect(await systemPage(ids.stranger!, ws.slug)).toBeNull();
  });

  it("with nothing running: no worker, an empty outbox, no error, the dev transport", async () => {
    await db.delete(workerHeartbeats);
    const page = await systemPage(ids.owner!, ws.slug);
    expect(page).toMatchObject({
      allowed: true,
      status: { version: expect.stringMatching(/^\d+\.\d+\.\d+/), database: process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite", workers: { live: [], lastBeatAt: null }, lastError: null, sendingDomain: { state: "dev" } },
    });
  });

  it("shows live workers, the outbox and the newest failure of this workspace without the recipient or the email", async () => {
    await db.insert(workerHeartbeats).values({ host: "worker-a", pid: 101 });
    await db.insert(workerHeartbeats).values({ host: "worker-gone", pid: 102, beatAt: sql`now() - interval '1 minute'` });
    const other = await makeWorkspace();
    const mail = (o: Partial<typeof emailMessages.$inferInsert>) => ({ template: "login_link", toEmail: "lee@example.com", fromEmail: "x@example.com", subject: "s", html: "<p>SECRET-BODY</p>", text: "SECRET-BODY", ...o });
    await db.insert(emailMessages).values([
      mail({ workspaceId: ws.id, status: "queued", createdAt: sql`now() - interval '5 minutes'` as never }),
      mail({ workspaceId: ws.id, status: "failed", lastError: "old failure", failedAt: sql`now() - interval '1 hour'` as never }),
      mail({ workspaceId: ws.id, status: "failed", lastError: "422: lee@example.com is invalid; link /p/x/l/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", failedAt: sql`now() - interval '1 minute'` as never }),
      mail({ workspaceId: other.id, status: "failed", lastError: "another workspace's failure", failedAt: sql`now()` as never }),
    ]);
    const page = await systemPage(ids.owner!, ws.slug);
    if (!page?.allowed) throw new Error("owner refused");
    const s = page.status;
    expect(s.workers.live.map((w) => [w.host, w.pid])).toEqual([["worker-a", 101]]);
    expect(s.outbox.queued).toBeGreaterThanOrEqual(1);
    expect(s.outbox.oldestAgeMs).toBeGreaterThan(4 * 60_000);
    expect(s.outbox.oldestQueuedAt).toBeInstanceOf(Date);
    expect(s.lastError).toMatchObject({ template: "login_link", error: "422: [address] is invalid; link /p/x/l/[redacted]" });
    const json = JSON.stringify(s);
    for (const leak of ["SECRET-BODY", "lee@example.com", "another workspace", "postgres://", "password"]) expect(json).not.toContain(leak);
    // Times are shown in the viewer's zone by LocalTime (UTC until the browser switches, and it says so).
    expect(renderToStaticMarkup(createElement(LocalTime, { at: s.workers.live[0]!.beatAt }))).toMatch(/<time dateTime="[^"]+Z"[^>]*>\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/time>/);
  });
});
