import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { openPglite, openPostgres, setDbHandle } from "@/db/client";
import { withDatabase } from "./global-setup";

const template = inject("dbTemplate");

if (template.kind === "pglite") {
  const blob = new Blob([fs.readFileSync(template.file)]);
  const pg = new PGlite({ loadDataDir: blob, extensions: { pg_trgm } });
  setDbHandle(openPglite(pg));
  afterAll(async () => {
    await pg.close();
    setDbHandle(undefined);
  });
} else {
  const name = `portico_test_${randomBytes(5).toString("hex")}`;
  const admin = postgres(template.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template.template}`);
  const handle = openPostgres(withDatabase(template.url, name), 5);
  setDbHandle(handle);
  afterAll(async () => {
    await handle.close();
    setDbHandle(undefined);
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
}
