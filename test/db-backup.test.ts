/**
 * `npm run backup` / `npm run restore` of the embedded database, run as an operator runs them:
 * the restored installation has every row of the original and its AUTH_SECRET; an existing
 * database is replaced only with --force and then kept aside; a held database is refused.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteSide } from "@/scripts/db-copy";
import { readTar } from "@/scripts/db-archive";
import { openEmbedded } from "@/scripts/db-pglite";
import { buildInstallation, digest, runScript } from "./embedded-install";

async function digestOf(dataDir: string, folder = "pglite") {
  const pg = openEmbedded(path.join(dataDir, folder));
  try {
    return await digest(pgliteSide(pg));
  } finally {
    await pg.close();
  }
}

describe("npm run backup / restore (embedded database)", { timeout: 180_000 }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portico-backup-"));
  const original = path.join(root, "original");
  const restored = path.join(root, "restored");
  const file = path.join(root, "backup.tar");
  let built: Awaited<ReturnType<typeof buildInstallation>>;
  let before: Record<string, string>;

  beforeAll(async () => {
    fs.mkdirSync(original);
    built = await buildInstallation(original);
    before = await digestOf(original);
  }, 120_000);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("writes one owner-only file with the database and the AUTH_SECRET, and restores every row", async () => {
    const backup = await runScript("backup.ts", ["--out", file], original);
    expect(backup.stderr).not.toMatch(/failed|refus|error/i);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain("It includes the generated AUTH_SECRET");
    expect(backup.stdout).not.toContain(built.secret);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect([...readTar(fs.readFileSync(file)).keys()]).toEqual(["portico-backup.json", "pglite-datadir.tar.gz", "auth-secret"]);

    const restore = await runScript("restore.ts", [file], restored);
    expect(restore.stderr).not.toMatch(/failed|refus|error/i);
    expect(restore.code).toBe(0);
    expect(await digestOf(restored)).toEqual(before);
    expect(Object.keys(before).length).toBeGreaterThan(30);
    expect(fs.readFileSync(path.join(restored, "auth-secret"), "utf8")).toBe(built.secret);
    expect(fs.statSync(path.join(restored, "auth-secret")).mode & 0o077).toBe(0);
  });

  it("refuses to overwrite an existing database without --force; with it, keeps the old one aside", async () => {
    // Something written after the backup, which the restore is to undo.
    const pg = openEmbedded(path.join(restored, "pglite"));
    await pg.exec("insert into workspaces (slug, name) values ('after-backup', 'After')");
    const changed = await digest(pgliteSide(pg));
    await pg.close();

    const refused = await runScript("restore.ts", [file], restored);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already has an embedded database in .*; nothing was changed\. Add --force/);
    expect(await digestOf(restored)).toEqual(changed);

    const forced = await runScript("restore.ts", [file, "--force"], restored);
    expect(forced.stderr).not.toMatch(/failed|refus|error/i);
    expect(forced.code).toBe(0);
    expect(await digestOf(restored)).toEqual(before);
    const aside = fs.readdirSync(restored).filter((f) => f.startsWith("pglite.before-restore-"));
    expect(aside).toHaveLength(1);
    expect(forced.stdout).toContain(`the previous database is kept in ${path.join(restored, aside[0]!)}`);
    expect(await digestOf(restored, aside[0])).toEqual(changed);
  });

  it("refuses a damaged file and a database held by a running process", async () => {
    const damaged = path.join(root, "damaged.tar");
    const bytes = fs.readFileSync(file);
    bytes[5000] = bytes[5000]! ^ 0xff;
    fs.writeFileSync(damaged, bytes);
    const bad = await runScript("restore.ts", [damaged, "--force"], restored);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("is damaged: the database dump does not match its checksum");

    const pg = openEmbedded(path.join(original, "pglite"));
    await pg.waitReady;
    try {
      const held = await runScript("backup.ts", ["--out", path.join(root, "second.tar")], original);
      expect(held.code).toBe(2);
      expect(held.stderr).toContain(`is in use by:\n  pid ${process.pid}`);
      expect(fs.existsSync(path.join(root, "second.tar"))).toBe(false);
      const restoreHeld = await runScript("restore.ts", [file, "--force"], original);
      expect(restoreHeld.code).toBe(2);
      expect(restoreHeld.stderr).toContain("is in use by:");
    } finally {
      await pg.close();
    }
  });
});
