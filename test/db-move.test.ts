/**
 * `npm run db:move`: an embedded installation built through the app's own functions, moved by
 * the script run as an operator runs it into a new PostgreSQL database, then used through the
 * app's own functions on PostgreSQL. Needs PostgreSQL at 127.0.0.1:5432 (CI starts it).
 */
import { and, eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, dbHandle, openPostgres, setDbHandle } from "@/db/client";
import { contacts, emailMessages, workspaces } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { readLearnerCookie } from "@/lib/auth/learner-session";
import { redeemSignInLink } from "@/lib/links/redeem";
import { openMessage } from "@/lib/mail/sealed";
import { request } from "@/test/fixtures";
import { postgresSide, pgliteSide } from "@/scripts/db-copy";
import { openEmbedded } from "@/scripts/db-pglite";
import { buildInstallation, digest, PASSWORD, runScript } from "./embedded-install";
import { withDatabase } from "./global-setup";

const SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

async function reachable(): Promise<boolean> {
  const probe = postgres(SERVER, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {});
  }
}

const up = await reachable();
if (!up) console.warn("db-move.test.ts skipped: no PostgreSQL at 127.0.0.1:5432 to move to (CI starts one).");

describe.skipIf(!up)("npm run db:move (embedded → PostgreSQL)", { timeout: 180_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portico-move-"));
  const name = `${process.env.PORTICO_TEST_DB_PREFIX ?? "portico_test_"}move_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(SERVER, name);
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  const target = postgres(url, { max: 1, onnotice: () => {} });
  let built: Awaited<ReturnType<typeof buildInstallation>>;
  let source: Record<string, string>;
  let sourceSeq: string;

  beforeAll(async () => {
    built = await buildInstallation(dataDir);
    const pg = openEmbedded(path.join(dataDir, "pglite"));
    source = await digest(pgliteSide(pg));
    sourceSeq = (await pg.query<{ v: string }>("select last_value::text as v from events_seq_seq")).rows[0]!.v;
    await pg.close();
    await admin.unsafe(`create database ${name}`);
  }, 120_000);

  afterAll(async () => {
    await target.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("copies every row, and the app on PostgreSQL has the same workspace, password, session, link and email", async () => {
    const run = await runScript("db-move.ts", ["--to", url], dataDir);
    expect(run.stderr).not.toMatch(/failed|refus|error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^public\.contacts\s+2\s+2$/m);
    expect(run.stdout).toMatch(/^pgboss\.job\s+[1-9]\d*\s+[1-9]\d*$/m);
    expect(run.stdout).toContain("Done: every table has the same number of rows");
    // The generated secret is named, never printed where it could be captured (no terminal here).
    expect(run.stdout).toContain(`AUTH_SECRET="$(cat ${path.join(dataDir, "auth-secret")})"`);
    expect(run.stdout + run.stderr).not.toContain(built.secret);
    expect(run.stdout + run.stderr).not.toContain(built.linkSecret);

    // Row for row the same, in every table (counts and the text of every row).
    const moved = await digest(postgresSide(target));
    expect(Object.keys(moved).length).toBeGreaterThan(30);
    expect(moved).toEqual(source);
    const [seq] = await target`select last_value::text as v, is_called from events_seq_seq`;
    expect(seq).toEqual({ v: sourceSeq, is_called: true });

    const previous = dbHandle();
    const handle = openPostgres(url, 2);
    setDbHandle(handle);
    try {
      const [ws] = await db.select().from(workspaces).where(eq(workspaces.slug, built.ws.slug));
      expect(ws?.id).toBe(built.ws.id);
      const [learner] = await db.select().from(contacts).where(and(eq(contacts.workspaceId, ws!.id), eq(contacts.email, built.contact.email)));
      expect(await verifyPassword(PASSWORD, learner!.passwordHash)).toBe(true);
      expect(await verifyPassword("not the password at all", learner!.passwordHash)).toBe(false);
      // The cookie made before the move: decrypted with the same AUTH_SECRET and checked against the moved row, as the learner realm does.
      const claims = await readLearnerCookie(built.cookie);
      expect(claims?.sub).toBe(learner!.id);
      expect(claims?.sv).toBe(learner!.sessionVersion);
      expect(claims?.ws).toBe(learner!.workspaceId);
      const [email] = await db.select().from(emailMessages).where(eq(emailMessages.toEmail, built.contact.email));
      expect(openMessage(email!).html).toContain(built.linkUrl);
      const redeemed = await redeemSignInLink(built.ws.slug, built.linkSecret, request);
      expect(redeemed.ok && redeemed.contact.id).toBe(learner!.id);
    } finally {
      await handle.close();
      setDbHandle(previous);
    }
  });

  it("refuses a second move into the now non-empty database, changing nothing", async () => {
    const before = await digest(postgresSide(target));
    const run = await runScript("db-move.ts", ["--to", url], dataDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not empty: .*public\.contacts.* hold rows\. db:move copies into an empty database only and changed nothing/);
    expect(await digest(postgresSide(target))).toEqual(before);
  });

  it("refuses while a process has the embedded database open", async () => {
    const pg = openEmbedded(path.join(dataDir, "pglite"));
    await pg.waitReady;
    try {
      const run = await runScript("db-move.ts", ["--to", url], dataDir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`is in use by:\n  pid ${process.pid}`);
      expect(run.stderr).toContain("Stop the Portico server");
    } finally {
      await pg.close();
    }
  });

  it("refuses bad arguments with the usage", async () => {
    const run = await runScript("db-move.ts", ["--to", "mysql://x"], dataDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--to must be a postgres:// or postgresql:// URL");
  });
});
