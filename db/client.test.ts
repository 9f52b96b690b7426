import { eq, inArray, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, dbHandle, fixedQuery, openPostgres, preparedTexts } from "@/db/client";
import { workspaces } from "@/db/schema";

describe("preparedTexts", () => {
  it("prepares a statement on its second run, never one without or with too many parameters, and stops at the maximum", () => {
    const t = preparedTexts(2);
    expect([t.wants("a", 1), t.wants("a", 1), t.wants("a", 1)]).toEqual([false, true, true]);
    expect([t.wants("none", 0), t.wants("none", 0)]).toEqual([false, false]);
    expect([t.wants("long", 65), t.wants("long", 65)]).toEqual([false, false]);
    expect([t.wants("b", 2), t.wants("b", 2)]).toEqual([false, true]);
    expect([t.wants("c", 1), t.wants("c", 1)]).toEqual([false, false]);
    expect([...t.prepared]).toEqual(["a", "b"]);
  });
});

const handle = dbHandle();

describe("fixedQuery", () => {
  it("runs its once-built text on the database and, inside a transaction, on the transaction's connection", async () => {
    const byIds = fixedQuery((d) => d.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(sql`${workspaces.id} = any(${sql.placeholder("ids")}::uuid[])`).orderBy(workspaces.name));
    const made = await db.insert(workspaces).values([{ slug: `fx${randomUUID().slice(0, 8)}`, name: "Fixed A" }, { slug: `fx${randomUUID().slice(0, 8)}`, name: "Fixed B" }]).returning();
    const ids = made.map((w) => w.id);
    expect(await byIds(db, { ids })).toEqual([{ id: ids[0], name: "Fixed A" }, { id: ids[1], name: "Fixed B" }]);
    expect(await byIds(db, { ids: [ids[1]] })).toEqual([{ id: ids[1], name: "Fixed B" }]);
    // Run elsewhere than the transaction, it would not see the uncommitted name (PostgreSQL) or would wait for the transaction to end (PGlite).
    await expect(
      db.transaction(async (tx) => {
        await tx.update(workspaces).set({ name: "Fixed C" }).where(eq(workspaces.id, ids[0]!));
        expect(await byIds(tx, { ids })).toEqual([{ id: ids[1], name: "Fixed B" }, { id: ids[0], name: "Fixed C" }]);
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect((await byIds(db, { ids }))[0]).toEqual({ id: ids[0], name: "Fixed A" });
  });
});

describe.skipIf(handle.kind !== "postgres")("prepared statements on PostgreSQL", () => {
  it("a query Drizzle runs again is prepared on the connection, in and out of transactions; a one-off is not", async () => {
    if (handle.kind !== "postgres") return;
    const one = openPostgres(handle.url, 1); // one connection: pg_prepared_statements is per connection
    if (one.kind !== "postgres") return;
    try {
      const slug = `prep${randomUUID().slice(0, 8)}`;
      const [ws] = await one.db.insert(workspaces).values({ slug, name: "Prepared" }).returning();
      for (let i = 0; i < 3; i++) expect((await one.db.select().from(workspaces).where(eq(workspaces.id, ws!.id)))[0]?.slug).toBe(slug);
      for (let i = 0; i < 2; i++) {
        await one.db.transaction(async (tx) => {
          await tx.update(workspaces).set({ name: `Prepared ${i}` }).where(eq(workspaces.slug, slug));
          await tx.execute(sql`select ${slug}::text as in_tx`);
        });
      }
      await one.db.execute(sql`select ${slug}::text as once`);
      const many = Array.from({ length: 65 }, () => randomUUID());
      for (let i = 0; i < 2; i++) await one.db.select().from(workspaces).where(inArray(workspaces.id, many));
      const texts = (await one.sql<{ statement: string }[]>`select statement from pg_prepared_statements`).map((r) => r.statement);
      expect(texts.some((t) => t.startsWith("select") && t.includes('from "workspaces" where "workspaces"."id" = $1'))).toBe(true);
      expect(texts.some((t) => t.startsWith('update "workspaces"'))).toBe(true);
      expect(texts.some((t) => t.includes("as in_tx"))).toBe(true);
      expect(texts.some((t) => t.includes("as once"))).toBe(false);
      expect(texts.some((t) => t.includes("$65"))).toBe(false);
      expect((await one.db.select().from(workspaces).where(eq(workspaces.id, ws!.id)))[0]?.name).toBe("Prepared 1");
      await one.db.delete(workspaces).where(eq(workspaces.id, ws!.id));
    } finally {
      await one.close();
    }
  });
});

describe.skipIf(handle.kind !== "postgres")("transactions over postgres.js (patches/postgres+3.4.9.patch)", () => {
  it("a transaction's statements are pipelined behind BEGIN, and never run once its connection died: not autocommitted, not inside another caller's transaction", async () => {
    if (handle.kind !== "postgres") return;
    const one = openPostgres(handle.url, 1); // one connection, so the reconnected one is the next caller's
    const admin = openPostgres(handle.url, 1);
    if (one.kind !== "postgres" || admin.kind !== "postgres") return;
    const table = `begin_patch_${randomUUID().slice(0, 8)}`;
    try {
      await one.sql.unsafe(`create table ${table} (x text)`);
      // Pipelined: a statement behind a BEGIN that fails would run outside any transaction; a
      // plain BEGIN cannot fail so, but `begin <options>` can, and so waits for its answer.
      await expect(one.sql.begin("bogus", (tx) => [tx.unsafe(`insert into ${table} values ('after a failed begin')`)])).rejects.toThrow(/syntax error/);

      const pid = (await one.sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      const busy = one.sql`select pg_sleep(0.3)`.execute().catch(() => "killed"); // BEGIN goes out behind this
      const doomed = one.sql.begin(async (tx) => {
        await new Promise((r) => setTimeout(r, 500)); // app work while the connection dies
        await tx.unsafe(`insert into ${table} values ('doomed')`);
        await tx`select 1/0`;
      });
      const other = one.sql`select 'another caller'`.execute().catch(() => "refused"); // queued: the kill's error goes to it
      const killed = new Promise((r) => setTimeout(r, 100)).then(() => admin.sql`select pg_terminate_backend(${pid})`);
      const innocent = new Promise((r) => setTimeout(r, 400)).then(() =>
        one.sql.begin(async (tx) => {
          await tx`select pg_sleep(0.3)`;
          await tx.unsafe(`insert into ${table} values ('innocent')`);
          return "committed";
        }),
      );
      await expect(doomed).rejects.toThrow();
      // The next caller may be refused too (postgres.js can hand the kill's error to the next query on the connection); what it is told must be true.
      const outcome = await innocent.catch((e: { code?: string }) => `refused ${e.code}`);
      await Promise.all([busy, other, killed]);
      const rows = (await admin.sql.unsafe(`select x from ${table} order by x`)).map((r) => r.x);
      expect({ outcome, rows }).toEqual(outcome === "committed" ? { outcome, rows: ["innocent"] } : { outcome, rows: [] });
    } finally {
      await admin.sql.unsafe(`drop table if exists ${table}`);
      await one.close();
      await admin.close();
    }
  });
});
