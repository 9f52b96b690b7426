/**
 * The copy of db:move: every table of the given schemas from the embedded database into the
 * (already migrated) target, in one target transaction, so a failure leaves no rows behind.
 * Rows travel in batches through a cursor in one read-only snapshot of the source, each value
 * as PostgreSQL's own text form (exact for every type, NULL apart from JSON null) and cast
 * back by the target's column type. User triggers are off during the copy (the portal-version
 * triggers would otherwise rewrite copied rows); foreign keys stay enforced, except those no
 * table order can satisfy, which are dropped and added back (and so checked) at the end.
 */
import type { PGlite } from "@electric-sql/pglite";
import type postgres from "postgres";
import { columnsOf, copyOrder, foreignKeys, ident, sequencesIn, tablesIn, userTriggers, type Column, type Side, type Table } from "./db-catalog";

const SESSION = ["set local datestyle = 'ISO, YMD'", "set local intervalstyle = 'postgres'", "set local timezone = 'UTC'", "set local extra_float_digits = 3", "set local bytea_output = 'hex'"];

export const pgliteSide = (pg: PGlite): Side => ({ rows: async <T>(text: string, params?: unknown[]) => (await pg.query<T>(text, params)).rows });
export const postgresSide = (sql: postgres.Sql | postgres.TransactionSql): Side => ({
  rows: async <T>(text: string, params?: unknown[]) => (await sql.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[])) as unknown as T[],
});

export type PgBossSetup = { plan: string; queues: string[] };

export type CopyOptions = {
  source: PGlite;
  target: postgres.Sql;
  schemas: string[];
  batch: number;
  /** pg-boss's schema is not made by the migrations: its own construction plan makes it, and one partition per queue. */
  pgboss?: PgBossSetup;
  progress: (line: string) => void;
};

export type CopyResult = { tables: Table[]; copied: Map<string, number>; sequences: number; deferred: string[] };

export async function copyAll(opts: CopyOptions): Promise<CopyResult> {
  const src = pgliteSide(opts.source);
  await opts.source.exec("begin isolation level repeatable read read only");
  try {
    for (const s of SESSION) await opts.source.exec(s);
    return await opts.target.begin(async (tx) => {
      for (const s of SESSION) await tx.unsafe(s);
      if (opts.pgboss) await createPgBoss(tx, opts.pgboss);
      const dst = postgresSide(tx);
      const tables = await tablesIn(dst, opts.schemas);
      const sourceTables = await tablesIn(src, opts.schemas);
      const missing = sourceTables.filter((s) => !tables.some((t) => t.key === s.key)).map((t) => t.key);
      if (missing.length) throw new Error(`The target has no table ${missing.join(", ")} after the migrations: is this the same Portico version that wrote the embedded database?`);
      const columns = new Map<string, Column[]>();
      for (const t of tables) columns.set(t.key, await sameColumns(src, dst, t));

      const { order, deferred } = copyOrder(tables, await foreignKeys(dst, opts.schemas));
      const triggers = await userTriggers(dst, opts.schemas);
      // Whatever the migrations or pg-boss seeded (their bookkeeping) is replaced by the source's rows.
      for (const t of [...order].reverse()) await tx.unsafe(`delete from ${t.ident}`);
      for (const f of deferred) await tx.unsafe(`alter table ${f.onTable} drop constraint ${ident(f.name)}`);
      for (const t of triggers) await tx.unsafe(`alter table ${t.on} disable trigger ${ident(t.name)}`);

      const copied = new Map<string, number>();
      for (const t of order) {
        const started = Date.now();
        const n = await copyTable(opts.source, tx, t, columns.get(t.key)!, opts.batch);
        copied.set(t.key, n);
        if (n > 0) opts.progress(`  ${t.key}: ${n} rows (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }

      for (const f of deferred) await tx.unsafe(`alter table ${f.onTable} add constraint ${ident(f.name)} ${f.def}`);
      for (const t of triggers) await tx.unsafe(`alter table ${t.on} enable trigger ${ident(t.name)}`);
      const sequences = await copySequences(src, tx, opts.schemas);
      return { tables: order, copied, sequences, deferred: deferred.map((f) => `${f.child}.${f.name}`) };
    });
  } finally {
    await opts.source.exec("rollback");
  }
}

/** The target's insertable columns, which the source must have too (same migrations on both). */
async function sameColumns(src: Side, dst: Side, t: Table): Promise<Column[]> {
  const target = await columnsOf(dst, t);
  const source = new Set((await columnsOf(src, t)).map((c) => c.name));
  const differ = target.filter((c) => !source.has(c.name)).map((c) => c.name);
  if (differ.length || source.size !== target.length) {
    throw new Error(`The columns of ${t.key} differ between the embedded database and the target (${differ.join(", ") || "extra columns in the source"}): use the same Portico version on both.`);
  }
  return target;
}

async function copyTable(source: PGlite, tx: postgres.TransactionSql, t: Table, columns: Column[], batch: number): Promise<number> {
  const list = columns.map((c) => ident(c.name)).join(", ");
  const casts = columns.map((c, i) => `(e->>${i})::${c.type}`).join(", ");
  const insert = `insert into ${t.ident} (${list}) overriding system value select ${casts} from json_array_elements($1::text::json) as e`;
  await source.exec(`declare portico_move no scroll cursor for select array_to_json(array[${columns.map((c) => `${ident(c.name)}::text`).join(", ")}])::text as j from ${t.ident}`);
  let n = 0;
  // One batch in flight on the target while the next is read from the source (they run on different cores).
  let inFlight: Promise<unknown> = Promise.resolve();
  try {
    for (;;) {
      const { rows } = await source.query<{ j: string }>(`fetch forward ${batch} from portico_move`);
      await inFlight;
      if (rows.length === 0) break;
      inFlight = tx.unsafe(insert, [`[${rows.map((r) => r.j).join(",")}]`], { prepare: true }).execute();
      inFlight.catch(() => {}); // awaited on the next turn; not an unhandled rejection meanwhile
      n += rows.length;
    }
  } finally {
    await inFlight.catch(() => {});
    await source.exec("close portico_move");
  }
  return n;
}

/** Every sequence exactly where the source's stands (value and whether it was used). */
async function copySequences(src: Side, tx: postgres.TransactionSql, schemas: string[]): Promise<number> {
  const seqs = await sequencesIn(src, schemas);
  for (const s of seqs) {
    const [state] = await src.rows<{ last_value: string; is_called: boolean }>(`select last_value::text as last_value, is_called from ${s.ident}`);
    await tx.unsafe(`select setval($1::regclass, $2::bigint, $3::boolean)`, [s.ident, state!.last_value, state!.is_called]);
  }
  return seqs.length;
}

async function createPgBoss(tx: postgres.TransactionSql, setup: PgBossSetup) {
  // The plan wraps itself in BEGIN … COMMIT: run its body inside this transaction instead.
  const body = setup.plan.trim();
  if (!/^BEGIN;/.test(body) || !/COMMIT;?$/.test(body)) throw new Error("pg-boss's construction plan is not what this script expects (BEGIN … COMMIT).");
  await tx.unsafe(body.replace(/^BEGIN;/, "").replace(/COMMIT;?$/, ""));
  await tx.unsafe("set local lock_timeout to default");
  await tx.unsafe("set local idle_in_transaction_session_timeout to default");
  // One partition of pgboss.job per queue, made the way pg-boss makes it; the queue rows are then replaced by the source's.
  for (const name of setup.queues) await tx.unsafe(`select pgboss.create_queue($1, '{}'::json)`, [name]);
}

/** The schema version pg-boss's construction plan creates. */
export function pgBossPlanVersion(plan: string): number | undefined {
  const m = /INSERT INTO pgboss\.version\(version\) VALUES \('(\d+)'\)/.exec(plan);
  return m ? Number(m[1]) : undefined;
}
