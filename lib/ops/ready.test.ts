import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { workerHeartbeats } from "@/db/schema";
import { beat, markStopped, registerWorker } from "@/lib/jobs/heartbeat";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { within } from "./ready";

const answer = async () => {
  const res = await ready();
  return { status: res.status, body: await res.json() };
};

describe("/api/health and /api/ready", () => {
  it("health answers 200 without the database", async () => {
    const res = health();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("is not ready while no worker has a fresh heartbeat, and names each check", async () => {
    await db.delete(workerHeartbeats);
    expect(await answer()).toEqual({ status: 503, body: { status: "not ready", checks: { database: "ok", migrations: "ok", worker: "failing" } } });
    // A worker whose beat is older than 10 s, or that said it stopped, does not count.
    const old = await registerWorker();
    await db.update(workerHeartbeats).set({ beatAt: sql`now() - interval '11 seconds'` });
    expect((await answer()).status).toBe(503);
    await beat(old);
    await markStopped(old);
    expect((await answer()).status).toBe(503);
  });

  it("is ready with a fresh heartbeat of some worker (another process's counts)", async () => {
    await db.insert(workerHeartbeats).values({ host: "worker-elsewhere", pid: 4242 });
    expect(await answer()).toEqual({ status: 200, body: { status: "ready", checks: { database: "ok", migrations: "ok", worker: "ok" } } });
  });

  it("a check that does not answer in time is a timeout, not a hang", async () => {
    const started = Date.now();
    await expect(within(50, () => new Promise(() => {}))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
