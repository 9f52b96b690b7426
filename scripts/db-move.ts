/**
 * `npm run db:move -- --to postgres://…`: copies the embedded database of this installation
 * (DATA_DIR/pglite) into an empty PostgreSQL database. It refuses, changing nothing, while a
 * server holds the embedded database or when the target has any rows. Then: the migrations on
 * the target, every table of the app, drizzle's bookkeeping and pg-boss's jobs copied in one
 * transaction, sequences set, row counts compared table by table (exit 1 on a difference).
 * The embedded database is only read (brought up to this version's migrations first, as a
 * server start would). Nothing secret is printed except, on a terminal only, the AUTH_SECRET
 * line the operator needs.
 */
import { readMigrationFiles } from "drizzle-orm/migrator";
import PgBoss from "pg-boss";
import postgres from "postgres";
import { openPglite, openPostgres } from "@/db/client";
import { migrate, migrationsFolder } from "@/db/migrate";
import { dataDir, env } from "@/lib/env";
import { schemaExists, tablesWithRows } from "./db-catalog";
import { copyAll, pgBossPlanVersion, pgliteSide, postgresSide } from "./db-copy";
import { assertNotInUse, hasDatabase, installation, maskUrl, openEmbedded, readGeneratedSecret, Refusal, toTerminalOnly } from "./db-pglite";
import { compareCounts, printCounts } from "./db-verify";

const USAGE = "usage: npm run db:move -- --to postgres://user:password@host:5432/database [--batch 1000] [--ignore-pid-file]";

function parseArgs(argv: string[]) {
  const out = { to: "", batch: 1000, ignorePidFile: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i] ?? "";
    if (flag === "--to") out.to = value();
    else if (flag === "--batch") out.batch = Number(value());
    else if (flag === "--ignore-pid-file") out.ignorePidFile = true;
    else if (flag === "--help" || flag === "-h") throw new Refusal(USAGE);
    else throw new Refusal(`Unknown argument ${JSON.stringify(a.slice(0, 40))}.\n${USAGE}`);
  }
  if (!out.to) throw new Refusal(`--to is required: the empty PostgreSQL database to move to.\n${USAGE}`);
  if (!/^postgres(ql)?:\/\/[^\s]+$/.test(out.to)) throw new Refusal(`--to must be a postgres:// or postgresql:// URL.\n${USAGE}`);
  if (!Number.isInteger(out.batch) || out.batch < 1 || out.batch > 50_000) throw new Refusal("--batch must be a whole number of rows from 1 to 50000.");
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const inst = installation(dataDir);
  if (!hasDatabase(inst.pgliteDir)) throw new Refusal(`No embedded database in ${inst.pgliteDir}. Run this from the installation's folder, or set DATA_DIR to its data folder.`);
  const note = assertNotInUse(inst.pgliteDir, { ignorePidFile: args.ignorePidFile });
  if (note) console.log(note);
  const where = maskUrl(args.to);

  const target = postgres(args.to, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    try {
      await target`select 1`;
    } catch (err) {
      throw new Refusal(`Cannot connect to ${where}: ${(err as Error).message}. Create the database first (createdb …) and check the URL.`);
    }
    const dst = postgresSide(target);
    const full = await tablesWithRows(dst);
    if (full.length > 0) {
      const shown = full.slice(0, 8).join(", ") + (full.length > 8 ? `, … (${full.length} tables)` : "");
      throw new Refusal(`The target ${where} is not empty: ${shown} hold rows. db:move copies into an empty database only and changed nothing. Create a new one (createdb …) or empty this one yourself.`);
    }
    if (await schemaExists(dst, "pgboss")) throw new Refusal(`The target ${where} already has pg-boss's schema (a Portico server or worker ran against it). db:move changed nothing; use a new, empty database.`);

    console.log(`Moving the embedded database in ${inst.pgliteDir} to ${where}`);
    const source = openEmbedded(inst.pgliteDir);
    try {
      await source.waitReady;
      await prepareSource(source);
      const src = pgliteSide(source);
      const hasBoss = await schemaExists(src, "pgboss");
      const plan = PgBoss.getConstructionPlans("pgboss");
      const queues = hasBoss ? await checkPgBoss(src, plan) : [];

      const migrator = openPostgres(args.to, 1);
      try {
        await migrate(migrator);
      } finally {
        await migrator.close();
      }
      console.log("migrations applied to the target; copying…");
      const schemas = ["public", "drizzle", ...(hasBoss ? ["pgboss"] : [])];
      const others = await src.rows<{ n: string }>(
        "select distinct n.nspname as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p') and n.nspname <> all($1::text[]) and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'",
        [schemas],
      );
      if (others.length) console.log(`note: schemas ${others.map((o) => o.n).join(", ")} are not Portico's and are not copied.`);
      const started = Date.now();
      const result = await copyAll({ source, target, schemas, batch: args.batch, pgboss: hasBoss ? { plan, queues } : undefined, progress: (l) => console.log(l) });
      const seconds = (Date.now() - started) / 1000;
      const rows = [...result.copied.values()].reduce((a, b) => a + b, 0);
      console.log(`copied ${rows} rows of ${result.tables.length} tables and set ${result.sequences} sequences in ${seconds.toFixed(1)} s (${Math.round(rows / Math.max(seconds, 0.001))} rows/s)`);
      if (result.deferred.length) console.log(`foreign keys added back after the copy (self-references or cycles), all rows checked: ${result.deferred.join(", ")}`);

      const counts = await compareCounts(src, dst, result.tables);
      printCounts(counts);
      if (counts.some((c) => c.source !== c.target)) {
        console.error("\nRow counts differ: the move is NOT complete. Keep using the embedded database; drop the target database and run db:move again.");
        return 1;
      }
    } finally {
      await source.close();
    }
  } finally {
    await target.end({ timeout: 5 });
  }
  console.log(`\nDone: every table has the same number of rows. Start Portico on PostgreSQL with\n  DATABASE_URL=… npm start\n(the embedded database in ${inst.pgliteDir} is untouched; keep it until you are satisfied, then remove it).`);
  tellSecret(inst);
  return 0;
}

/** Brings the embedded database to this version's migrations (what a server start would do); refuses one written by a newer version. */
async function prepareSource(source: ReturnType<typeof openEmbedded>) {
  const files = readMigrationFiles({ migrationsFolder });
  const newest = Math.max(...files.map((f) => f.folderMillis));
  const src = pgliteSide(source);
  const applied = (await schemaExists(src, "drizzle")) ? await src.rows<{ created_at: string }>("select created_at::text as created_at from drizzle.__drizzle_migrations") : [];
  if (applied.some((m) => Number(m.created_at) > newest)) throw new Refusal("The embedded database was migrated by a newer Portico than this one: run db:move with the same version as the server.");
  const behind = files.filter((f) => !applied.some((m) => Number(m.created_at) === f.folderMillis)).length;
  if (behind > 0) {
    console.log(`bringing the embedded database up to this version (${behind} migration${behind === 1 ? "" : "s"}), as a server start would`);
    await migrate(openPglite(source));
  }
}

/** The queues to make on the target, once the source's pg-boss schema is the version this pg-boss creates. */
async function checkPgBoss(src: ReturnType<typeof pgliteSide>, plan: string): Promise<string[]> {
  const [row] = await src.rows<{ version: number }>("select version from pgboss.version");
  const ours = pgBossPlanVersion(plan);
  if (!ours) throw new Error("Could not read the schema version of the installed pg-boss.");
  if (Number(row?.version) !== ours) {
    throw new Refusal(`The embedded database's job tables are pg-boss schema version ${row?.version ?? "?"}, this Portico's pg-boss makes version ${ours}: start the server once with this version (it updates them), stop it, then run db:move again.`);
  }
  return (await src.rows<{ name: string }>("select name from pgboss.queue order by name")).map((r) => r.name);
}

function tellSecret(inst: ReturnType<typeof installation>) {
  if (env.AUTH_SECRET) {
    console.log("\nAUTH_SECRET is set in this environment: give the PostgreSQL installation the same value, so sessions, links and sealed email bodies stay valid.");
    return;
  }
  const secret = readGeneratedSecret(inst);
  if (!secret) {
    console.log(`\nThis installation has no generated secret (${inst.secretFile}): set AUTH_SECRET to the value its server used, so sessions and sealed email bodies stay valid.`);
    return;
  }
  console.log(`\nThis installation used a generated AUTH_SECRET (${inst.secretFile}). Set it for the PostgreSQL installation, or sessions, links and sealed email bodies stop working:`);
  const shown = toTerminalOnly(`  AUTH_SECRET=${secret}`);
  if (!shown) console.log(`  (no terminal to show it on, so it is not printed here) set AUTH_SECRET to the contents of that file, e.g.\n  AUTH_SECRET="$(cat ${inst.secretFile})" DATABASE_URL=… npm start`);
  else console.log("  (shown on the terminal only; keep it out of logs and shell history: put it in the service's environment file)");
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof Refusal) {
    console.error(`db:move: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(`db:move failed: ${(err as Error).message}\nThe copy is one transaction: the target's tables hold no rows (its migrations may be applied, which db:move accepts). Fix the cause and run db:move again.`);
    process.exitCode = 1;
  }
}
