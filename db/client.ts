/**
 * The database: PGlite (embedded PostgreSQL) in DATA_DIR/pglite when DATABASE_URL is unset,
 * PostgreSQL through postgres.js when it is set. One instance per process, kept on globalThis
 * because Next bundles instrumentation and routes separately and PGlite must not be opened twice.
 */
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import type { SQL } from "drizzle-orm";
import { dataDir, env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx;

export type DbHandle =
  | { kind: "pglite"; db: Db; pglite: PGlite; close: () => Promise<void> }
  | { kind: "postgres"; db: Db; sql: postgres.Sql; url: string; close: () => Promise<void> };

export function openPglite(pglite?: PGlite): DbHandle {
  let pg = pglite;
  if (!pg) {
    const dir = path.join(dataDir, "pglite");
    fs.mkdirSync(dir, { recursive: true });
    pg = new PGlite(dir, { extensions: { pg_trgm } });
  }
  const opened = pg;
  const db = drizzlePglite(opened, { schema }) as unknown as Db;
  return { kind: "pglite", db, pglite: opened, close: () => opened.close() };
}

/** While PostgreSQL is down a query fails after this long instead of waiting out the outage (lib/http/unavailable.ts). */
export const CONNECT_TIMEOUT_S = 2;
const RECONNECT_BACKOFF_S = (retries: number) => Math.min(0.05 * retries, 0.5);

export function openPostgres(url: string, max = env.DATABASE_POOL_SIZE): DbHandle {
  // postgres.js waits out a growing backoff (up to 20 s) before reconnecting a closed connection,
  // and queries wait with it: kept under half a second so a query during an outage fails fast.
  const sql = postgres(url, { max, onnotice: () => {}, connect_timeout: CONNECT_TIMEOUT_S, backoff: RECONNECT_BACKOFF_S });
  const db = drizzlePostgres(sql, { schema });
  return { kind: "postgres", db, sql, url, close: () => sql.end({ timeout: 5 }) };
}

const g = globalThis as unknown as { __porticoDb?: DbHandle };

/** The process's database handle, opened on first use. Tests install their own first. */
export function dbHandle(): DbHandle {
  g.__porticoDb ??= env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite();
  return g.__porticoDb;
}

export function setDbHandle(handle: DbHandle | undefined) {
  g.__porticoDb = handle;
}

/**
 * `db` resolves the process's handle lazily, so importing a module never opens the
 * database (next build imports every route).
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const real = dbHandle().db as unknown as Record<string | symbol, unknown>;
    const value = real[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
  },
});

export { schema };

/** Rows of a raw SQL statement, whichever driver runs it (PGlite answers `{ rows }`, postgres.js an array). */
export async function rowsOf<T>(q: Queryable, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

const dialect = new PgDialect();

/**
 * Rows of a raw statement run as a prepared statement on PostgreSQL: parsed and planned once
 * per pooled connection, then only executed. Drizzle prepares nothing unless a query is named,
 * and for the link redemption (a CTE of four statements) planning cost more than running it
 * (bench:links). Only for a few fixed statements outside transactions; PGlite runs it as usual.
 * A transaction-mode pooler in front of PostgreSQL must support prepared statements
 * (PgBouncer ≥ 1.21 with max_prepared_statements).
 */
export async function preparedRows<T>(query: SQL): Promise<T[]> {
  const handle = dbHandle();
  if (handle.kind !== "postgres") return rowsOf<T>(handle.db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await handle.sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
}
