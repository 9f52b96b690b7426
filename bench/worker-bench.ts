// Shared by the benchmarks that run a separate worker process (bench:bulk, bench:workflows): a
// PostgreSQL database of their own (created, migrated, dropped), the local fake Resend at the
// provider's 2 requests/s, `scripts/worker.ts` pointed at both, and the worker's peak memory.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { openPostgres, setDbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { stopBoss } from "@/lib/jobs/boss";
import { startFakeResend } from "@/test/fake-resend";

export async function startWorkerBench(name: string, script: string, workerEnv: Record<string, string> = {}) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`${script} needs DATABASE_URL (PostgreSQL; it creates and drops its own database), e.g.\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run ${script}`);
    process.exit(2);
  }
  const root = path.resolve(import.meta.dirname, "..");
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const handle = openPostgres(dbUrl.toString(), 8);
  setDbHandle(handle);
  const fake = await startFakeResend({ ratePerSecond: 2 });
  await migrate(handle);
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl.toString(), RESEND_API_KEY: "re_bench", RESEND_BASE_URL: fake.url, LOG_LINKS: "false", EMAIL_PROVIDER_RPS: "2", EMAIL_BATCH_SIZE: "100", ...workerEnv },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let peakKb = 0;
  const watch = setInterval(() => {
    try {
      const hwm = fs.readFileSync(`/proc/${worker.pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {}
  }, 200);
  return {
    db: handle.db,
    dbUrl: dbUrl.toString(),
    fake,
    peakMb: () => Math.round(peakKb / 1024),
    async stop() {
      clearInterval(watch);
      worker.kill("SIGTERM");
      await new Promise((r) => worker.once("exit", r));
      await stopBoss().catch(() => {});
      await fake.close();
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
