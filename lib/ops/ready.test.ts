import { sql } from "drizzle-orm";
import net from "node:net";
import { describe, expect, it, vi } from "vitest";
import { db, dbHandle, openPostgres, rowsOf, setDbHandle } from "@/db/client";
import { workerHeartbeats } from "@/db/schema";
import { beat, markStopped, registerWorker } from "@/lib/jobs/heartbeat";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { readiness, within } from "./ready";

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

  it("is not ready while a committed migration is not applied", async () => {
    const [last] = await rowsOf<{ id: number; hash: string; created_at: string }>(db, sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations) returning id, hash, created_at`);
    try {
      vi.resetModules(); // a module that has not yet seen every migration applied (it remembers once they all were)
      const fresh = await import("./ready");
      expect(await fresh.readiness()).toMatchObject({ ready: false, checks: { database: "ok", migrations: "failing" } });
    } finally {
      await db.execute(sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last!.id}, ${last!.hash}, ${last!.created_at})`);
    }
  });

  it("a database that does not answer is a timeout within the limit, and the other checks are skipped", async () => {
    // A server that accepts connections and never says anything: the driver waits for its greeting.
    const mute = net.createServer(() => {});
    await new Promise<void>((r) => mute.listen(0, "127.0.0.1", r));
    const saved = dbHandle();
    const dead = openPostgres(`postgres://nobody@127.0.0.1:${(mute.address() as net.AddressInfo).port}/none`, 1);
    setDbHandle(dead);
    try {
      const started = Date.now();
      expect(await readiness(300)).toEqual({ ready: false, checks: { database: "timeout", migrations: "skipped", worker: "skipped" } });
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      setDbHandle(saved);
      void dead.close().catch(() => {});
      mute.close();
    }
  });

  it("a check that does not answer in time is a timeout, not a hang", async () => {
    const started = Date.now();
    await expect(within(50, () => new Promise(() => {}))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
