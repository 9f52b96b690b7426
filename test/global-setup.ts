/**
 * Builds one migrated database for the whole run; each test file then gets its own copy
 * (PGlite: loaded from a dump; PostgreSQL: CREATE DATABASE … TEMPLATE), never a mock.
 */
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openPglite, openPostgres } from "../db/client";
import { migrate } from "../db/migrate";

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `portico_test_tpl_${process.pid}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${template}`);
    const handle = openPostgres(withDatabase(url, template), 2);
    await migrate(handle);
    await handle.close();
    project.provide("dbTemplate", { kind: "postgres", url, template });
    return async () => {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const pg = new PGlite({ extensions: { pg_trgm } });
  await migrate(openPglite(pg));
  const dump = await pg.dumpDataDir("none");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "portico-test-")), "db.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pg.close();
  project.provide("dbTemplate", { kind: "pglite", file });
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: { kind: "pglite"; file: string } | { kind: "postgres"; url: string; template: string };
  }
}
