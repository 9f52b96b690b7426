/**
 * The database: PGlite (embedded PostgreSQL) in DATA_DIR/pglite when DATABASE_URL is unset,
 * PostgreSQL through postgres.js when it is set. One instance per process, kept on globalThis
 * because Next bundles instrumentation and routes separately and PGlite must not be opened twice.
 */
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
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
  const db = drizzlePostgres(env.DATABASE_PREPARE ? preparing(sql, preparedTexts()) : sql, { schema });
  return { kind: "postgres", db, sql, url, close: () => sql.end({ timeout: 5 }) };
}

/** At most this many distinct statements are prepared per process (so per connection): a bound on each backend's plan cache. */
export const PREPARED_STATEMENTS_MAX = 300;
const SEEN_MAX = 10_000;
/** Parameters beyond this mark a statement built for one call (a long `in (…)` list, a multi-row insert): not worth keeping. */
const PREPARE_PARAMS_MAX = 64;

/** Which statement texts are prepared: those run a second time while fewer than the maximum are. */
export function preparedTexts(max = PREPARED_STATEMENTS_MAX) {
  const prepared = new Set<string>();
  const seen = new Set<string>();
  return {
    prepared,
    wants(text: string, params: number): boolean {
      if (prepared.has(text)) return true;
      if (params === 0 || params > PREPARE_PARAMS_MAX || prepared.size >= max) return false;
      if (!seen.has(text)) {
        if (seen.size >= SEEN_MAX) seen.clear();
        seen.add(text);
        return false;
      }
      seen.delete(text);
      prepared.add(text);
      return true;
    },
  };
}

/**
 * Drizzle runs a query unprepared unless it is named, and postgres.js then asks the server for
 * the parameter types first: two round trips and a parse and plan on every call. Through this
 * wrapper a statement Drizzle runs again is prepared instead (parsed once per connection, then
 * only bound and executed: one round trip). bench:api: ≈ 2.2× the grants per second on the same
 * CPU. Inside transactions too (`begin`/`savepoint` hand the callback a wrapped connection).
 * Off with DATABASE_PREPARE=false (a pooler in transaction mode without prepared statements).
 */
function preparing(sql: postgres.Sql, texts: ReturnType<typeof preparedTexts>): postgres.Sql {
  return new Proxy(sql, {
    get(target, prop) {
      if (prop === "unsafe") {
        return (text: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(text, params, texts.wants(text, params?.length ?? 0) ? { ...options, prepare: true } : options);
      }
      if (prop === "begin" || prop === "savepoint") {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.Sql) => unknown;
          const real = Reflect.get(target, prop, target) as (...a: unknown[]) => unknown;
          return real.call(target, ...args, (tx: postgres.Sql) => fn(preparing(tx, texts)));
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
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

type Runnable<R> = { execute(values?: Record<string, unknown>): Promise<R> };

/**
 * A query of fixed shape whose SQL text is built once (per database handle) instead of on every
 * run: Drizzle builds a select's text, column list and all, each time it runs, ≈ 7 % of the
 * server's CPU on bench:api's three selects per grant. Values go in by `sql.placeholder(name)`;
 * the query runs on the database or on an open transaction (the built query is bound to that
 * transaction's connection). Whether the statement is prepared on the server is left to
 * `preparing` above (DATABASE_PREPARE), as for every other statement.
 */
export function fixedQuery<R, V extends Record<string, unknown>>(build: (db: Db) => { prepare(name: string): Runnable<R> }): (q: Queryable, values: V) => Promise<R> {
  const built = new WeakMap<object, Runnable<R> & { client: unknown }>();
  return (q, values) => {
    const root = dbHandle().db;
    let query = built.get(root);
    if (!query) {
      // The name only tells Drizzle to keep the text; postgres.js is told not to prepare on its own.
      query = Object.assign(build(root).prepare("fixed"), { prepare: false }) as unknown as Runnable<R> & { client: unknown };
      built.set(root, query);
    }
    const { client } = (q as unknown as { session: { client: unknown } }).session;
    const bound = client === query.client ? query : (Object.assign(Object.create(Object.getPrototypeOf(query) as object), query, { client }) as typeof query);
    return bound.execute(values);
  };
}

/** Rows of a raw SQL statement, whichever driver runs it (PGlite answers `{ rows }`, postgres.js an array). */
export async function rowsOf<T>(q: Queryable, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
