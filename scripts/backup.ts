/**
 * `npm run backup [-- --out file]`: the embedded database (DATA_DIR/pglite) and its generated
 * AUTH_SECRET as one file, made while no server runs (PGlite's dumpDataDir needs the database
 * to itself). The file holds every row and the secret: it is written readable by its owner
 * only, and should be kept like a password. For PostgreSQL use pg_dump (README).
 */
import fs from "node:fs";
import path from "node:path";
import { dataDir, env } from "@/lib/env";
import { DATA, MANIFEST, SECRET, sha256, writeTar, type Entry, type Manifest } from "./db-archive";
import { pgliteSide } from "./db-copy";
import { assertNotInUse, hasDatabase, installation, openEmbedded, readGeneratedSecret, Refusal } from "./db-pglite";
import { countAll } from "./db-verify";

const USAGE = "usage: npm run backup [-- --out portico-backup.tar] [--ignore-pid-file]";

function parseArgs(argv: string[]) {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "Z");
  const out = { file: `portico-backup-${stamp}.tar`, ignorePidFile: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--out") out.file = argv[++i] ?? "";
    else if (a.startsWith("--out=")) out.file = a.slice(6);
    else if (a === "--ignore-pid-file") out.ignorePidFile = true;
    else if (a === "--help" || a === "-h") throw new Refusal(USAGE);
    else throw new Refusal(`Unknown argument ${JSON.stringify(a.slice(0, 40))}.\n${USAGE}`);
  }
  if (!out.file) throw new Refusal(`--out needs a file name.\n${USAGE}`);
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (env.DATABASE_URL) console.log("note: DATABASE_URL is set, but this backs up the embedded database; for PostgreSQL use pg_dump -Fc (see README).");
  const inst = installation(dataDir);
  if (!hasDatabase(inst.pgliteDir)) throw new Refusal(`No embedded database in ${inst.pgliteDir}. Run this from the installation's folder, or set DATA_DIR to its data folder.`);
  const file = path.resolve(args.file);
  if (fs.existsSync(file)) throw new Refusal(`${file} exists already; choose another --out (a backup never overwrites a file).`);
  if (file.startsWith(inst.pgliteDir + path.sep)) throw new Refusal("The backup cannot be written inside the database folder.");
  const note = assertNotInUse(inst.pgliteDir, { ignorePidFile: args.ignorePidFile });
  if (note) console.log(note);

  const pg = openEmbedded(inst.pgliteDir);
  let data: Buffer;
  let rows: Record<string, number>;
  try {
    await pg.waitReady;
    rows = await countAll(pgliteSide(pg));
    data = Buffer.from(await (await pg.dumpDataDir("gzip")).arrayBuffer());
  } finally {
    await pg.close();
  }
  const secret = readGeneratedSecret(inst);
  const manifest: Manifest = {
    format: "portico-backup",
    version: 1,
    createdAt: new Date().toISOString(),
    pglite: "0.5",
    dataSha256: sha256(data),
    authSecret: Boolean(secret),
    rows,
  };
  const entries: Entry[] = [{ name: MANIFEST, data: Buffer.from(JSON.stringify(manifest, null, 2) + "\n") }, { name: DATA, data }];
  if (secret) entries.push({ name: SECRET, data: Buffer.from(secret + "\n"), mode: 0o600 });

  const partial = `${file}.partial`;
  fs.writeFileSync(partial, writeTar(entries), { mode: 0o600, flag: "wx" });
  fs.renameSync(partial, file);
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  console.log(`backup written: ${file} (${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MiB, ${total} rows in ${Object.keys(rows).length} tables)`);
  if (secret) console.log("It includes the generated AUTH_SECRET (auth-secret): keep the file as safe as a password; it is readable by you only.");
  else if (env.AUTH_SECRET) console.log("AUTH_SECRET comes from the environment and is NOT in the backup: keep it with the backup, or restored sessions and sealed emails will not open.");
  else console.log(`No AUTH_SECRET file in ${inst.dataDir}: keep the AUTH_SECRET the server uses with the backup.`);
  console.log("Restore with: npm run restore -- " + JSON.stringify(file).slice(1, -1));
}

try {
  await main();
} catch (err) {
  console.error(err instanceof Refusal ? `backup: ${err.message}` : `backup failed: ${(err as Error).message}`);
  process.exitCode = err instanceof Refusal ? 2 : 1;
}
