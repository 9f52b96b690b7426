/**
 * `npm run restore -- file [--force]`: puts a backup made by `npm run backup` back as this
 * installation's embedded database (DATA_DIR/pglite) and generated AUTH_SECRET. It refuses to
 * replace an existing database (or a different secret) unless --force, and then keeps the old
 * ones aside (…before-restore-<time>); it never runs while a server holds the database. The
 * backup is loaded into a new folder and its row counts checked before anything is replaced.
 */
import fs from "node:fs";
import path from "node:path";
import { dataDir, env } from "@/lib/env";
import { DATA, MANIFEST, readTar, SECRET, sha256, type Manifest } from "./db-archive";
import { pgliteSide } from "./db-copy";
import { assertNotInUse, installation, openEmbedded, readGeneratedSecret, Refusal } from "./db-pglite";
import { countAll } from "./db-verify";

const USAGE = "usage: npm run restore -- portico-backup.tar [--force] [--ignore-pid-file]";

function parseArgs(argv: string[]) {
  const out = { file: "", force: false, ignorePidFile: false };
  for (const a of argv) {
    if (a === "--force") out.force = true;
    else if (a === "--ignore-pid-file") out.ignorePidFile = true;
    else if (a === "--help" || a === "-h") throw new Refusal(USAGE);
    else if (a.startsWith("-") || out.file) throw new Refusal(`Unexpected argument ${JSON.stringify(a.slice(0, 40))}.\n${USAGE}`);
    else out.file = a;
  }
  if (!out.file) throw new Refusal(`Name the backup file.\n${USAGE}`);
  return out;
}

function readBackup(file: string): { manifest: Manifest; data: Buffer; secret?: string } {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    throw new Refusal(`Cannot read ${file}.`);
  }
  let entries: Map<string, Buffer>;
  try {
    entries = readTar(buf);
  } catch (err) {
    throw new Refusal(`${file}: ${(err as Error).message}.`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(entries.get(MANIFEST)?.toString("utf8") ?? "null");
  } catch {
    throw new Refusal(`${file} is not a Portico backup (no readable ${MANIFEST}).`);
  }
  const data = entries.get(DATA);
  if (manifest?.format !== "portico-backup" || manifest.version !== 1 || !data) throw new Refusal(`${file} is not a Portico backup made by npm run backup.`);
  if (sha256(data) !== manifest.dataSha256) throw new Refusal(`${file} is damaged: the database dump does not match its checksum.`);
  const secret = entries.get(SECRET)?.toString("utf8").trim() || undefined;
  return { manifest, data, secret };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const inst = installation(dataDir);
  const { manifest, data, secret } = readBackup(path.resolve(args.file));
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "Z");
  const exists = fs.existsSync(inst.pgliteDir) && fs.readdirSync(inst.pgliteDir).length > 0;
  if (exists) {
    const note = assertNotInUse(inst.pgliteDir, { ignorePidFile: args.ignorePidFile });
    if (note) console.log(note);
  }
  const oldSecret = readGeneratedSecret(inst);
  const secretDiffers = Boolean(secret && oldSecret && oldSecret !== secret);
  if ((exists || secretDiffers) && !args.force) {
    const what = exists ? `an embedded database in ${inst.pgliteDir}` : `a different AUTH_SECRET file (${inst.secretFile})`;
    throw new Refusal(`This installation already has ${what}; nothing was changed. Add --force to replace it (the current one is kept aside as …before-restore-${stamp}).`);
  }

  // Load into a fresh folder first: a backup that does not open replaces nothing.
  const staging = `${inst.pgliteDir}.restoring-${stamp}`;
  fs.mkdirSync(inst.dataDir, { recursive: true });
  try {
    const pg = openEmbedded(staging, new Blob([data as unknown as BlobPart]));
    try {
      await pg.waitReady;
      const rows = await countAll(pgliteSide(pg));
      const wrong = Object.entries(manifest.rows).filter(([t, n]) => rows[t] !== n);
      if (wrong.length) throw new Error(`the restored rows differ from the backup's count for ${wrong.map(([t]) => t).join(", ")}`);
    } finally {
      await pg.close();
    }
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }

  if (exists || fs.existsSync(inst.pgliteDir)) {
    const aside = `${inst.pgliteDir}.before-restore-${stamp}`;
    fs.renameSync(inst.pgliteDir, aside);
    console.log(`the previous database is kept in ${aside}`);
  }
  fs.renameSync(staging, inst.pgliteDir);
  if (secret && secret !== oldSecret) {
    if (oldSecret) {
      fs.renameSync(inst.secretFile, `${inst.secretFile}.before-restore-${stamp}`);
      console.log(`the previous AUTH_SECRET file is kept as ${inst.secretFile}.before-restore-${stamp}`);
    }
    fs.writeFileSync(inst.secretFile, secret, { mode: 0o600 });
  }
  const total = Object.values(manifest.rows).reduce((a, b) => a + b, 0);
  console.log(`restored ${total} rows in ${Object.keys(manifest.rows).length} tables from the backup of ${manifest.createdAt} into ${inst.pgliteDir}${secret ? ", with its AUTH_SECRET" : ""}.`);
  if (!secret) console.log("The backup holds no AUTH_SECRET: start the server with the AUTH_SECRET it used, or sessions and sealed emails will not open.");
  else if (env.AUTH_SECRET && env.AUTH_SECRET !== secret) console.log("note: AUTH_SECRET is set in this environment and overrides the restored secret file; unset it to use the backup's.");
}

try {
  await main();
} catch (err) {
  console.error(err instanceof Refusal ? `restore: ${err.message}` : `restore failed: ${(err as Error).message}`);
  process.exitCode = err instanceof Refusal ? 2 : 1;
}
