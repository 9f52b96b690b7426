import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import postgres from "postgres";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { DbHandle } from "./client";

export const migrationsFolder = path.join(process.cwd(), "db/migrations");

/**
 * Applies committed migrations. On PostgreSQL an advisory lock makes concurrent starts of
 * several app or worker instances take turns instead of racing.
 */
export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  // One connection, so the session-level advisory lock covers the whole run.
  const conn = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    const db = drizzlePostgres(conn);
    await db.execute(sql`select pg_advisory_lock(hashtext('portico.migrate'))`);
    await migratePostgres(db, { migrationsFolder });
  } finally {
    await conn.end({ timeout: 5 });
  }
}
