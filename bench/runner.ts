/**
 * Shared benchmark runner: a production server on a PostgreSQL database of its own (made on
 * the server in DATABASE_URL, dropped afterwards), a scenario's seed, load on loopback only,
 * bounded in time, and one summary line `bench:<name> key=value …` printed last.
 */
import autocannon from "autocannon";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openPostgres, setDbHandle, type DbHandle } from "@/db/client";

const root = path.resolve(import.meta.dirname, "..");

export type LoadResult = { rps: number; p50: number; p95: number; p99: number; errors: number; requests: number };

export type Scenario = {
  name: string;
  /** Fills the (migrated) database; returns anything the load phase needs. */
  seed: (handle: DbHandle, baseUrl: string) => Promise<Record<string, string>>;
  /** Drives load and returns the summary's key=value pairs. */
  run: (ctx: { baseUrl: string; seeded: Record<string, string>; handle: DbHandle; cpu: () => Promise<CpuSample> }) => Promise<Record<string, string | number>>;
  /** The server's DATABASE_POOL_SIZE: 20 unless a scenario says (the earlier scenarios were measured so); BENCH_POOL_SIZE overrides both. */
  poolSize?: number;
};

/** CPU seconds used so far by the server (its process tree) and by the PostgreSQL backends of the bench's database. */
export type CpuSample = { server: number; postgres: number };

const TICK_S = 0.01; // USER_HZ: /proc/<pid>/stat counts in 1/100 s on Linux

function cpuOfPid(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_S; // utime, stime
  } catch {
    return 0; // gone meanwhile
  }
}

/** `root` and every process below it. */
function treeOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {}
  }
  const out: number[] = [];
  for (let todo = [root]; todo.length; ) {
    const pid = todo.pop()!;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Differences of two samples, as ms per `n` operations (e.g. grants). */
export const cpuPer = (before: CpuSample, after: CpuSample, n: number) => ({
  server_cpu_ms: Math.round(((after.server - before.server) * 1000 * 10) / n) / 10,
  pg_cpu_ms: Math.round(((after.postgres - before.postgres) * 1000 * 10) / n) / 10,
});

/** autocannon against loopback for a bounded time; exact latency percentiles (ms) from every response. */
export async function load(opts: {
  url: string;
  connections: number;
  /** Run for this long, or until `amount` requests were made. */
  seconds?: number;
  amount?: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** A body per request (e.g. a different token each time). */
  body?: () => string;
  /** Path, body and headers per request (e.g. a different contact, and its workspace's key, each time). */
  request?: () => { path: string; body?: string; headers?: Record<string, string> };
  /** Paths requested in turn on each connection (instead of the URL's own path). */
  paths?: string[];
  /** The status every response must have (default: any 2xx). */
  expectStatus?: number;
}): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(opts.url)) throw new Error("benchmarks only target loopback");
  const times: number[] = [];
  let unexpected = 0;
  const started = performance.now();
  let lastResponse = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.seconds ?? 10,
        amount: opts.amount,
        method: opts.method ?? "GET",
        headers: opts.headers,
        requests: opts.request
          ? [
              {
                setupRequest: (req: Record<string, unknown>) => {
                  const r = opts.request!();
                  return { ...req, path: r.path, body: r.body, headers: { ...(req.headers as Record<string, string>), ...r.headers } };
                },
              },
            ]
          : opts.body
            ? [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: opts.body!() }) }]
            : opts.paths?.map((p) => ({ path: p })),
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on("response", (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      lastResponse = performance.now();
      if (opts.expectStatus !== undefined && status !== opts.expectStatus) unexpected++;
    });
  });
  times.sort((a, b) => a - b);
  const pct = (q: number) => Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0) * 10) / 10;
  return {
    // From the start to the last response: autocannon only notices a reached `amount` on its
    // once-a-second tick, so its own end time would round every run up to whole seconds.
    rps: Math.round(result.requests.total / ((lastResponse - started) / 1000)),
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    errors: result.errors + result.timeouts + (opts.expectStatus === undefined ? result.non2xx : unexpected),
    requests: result.requests.total,
  };
}

async function waitHealthy(baseUrl: string, server: ChildProcess) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error("the server exited during start");
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("the server did not become healthy in 120 s");
}

/** A loopback port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function runScenario(scenario: Scenario): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`bench:${scenario.name} needs DATABASE_URL (a PostgreSQL server; the benchmark creates and drops its own database on it), e.g.\n  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:${scenario.name}`);
    process.exit(2);
  }
  const dbName = `portico_bench_${scenario.name.replace(/\W/g, "_")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.unsafe(`create database ${dbName}`);
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${dbName}`;

  const build = spawnSync(process.execPath, [path.join(root, "scripts/start.mjs"), "--build-only"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("build failed");
  const port = String(await freePort()); // not a guess: another service may hold any fixed port (MariaDB on 3306 here)
  const baseUrl = `http://127.0.0.1:${port}`;
  // BENCH_CPU_PROF=<dir> runs the production server (scripts/server.mjs) directly under --cpu-prof (profile written on exit).
  const prof = process.env.BENCH_CPU_PROF;
  const serve = prof ? [`--cpu-prof`, `--cpu-prof-dir=${prof}`, path.join(root, "scripts/server.mjs")] : [path.join(root, "scripts/start.mjs")];
  const server = spawn(process.execPath, serve, {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: benchUrl.toString(), PORT: port, APP_URL: baseUrl, LOG_LINKS: "false", DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? String(scenario.poolSize ?? 20) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let handle: DbHandle | undefined;
  try {
    await waitHealthy(baseUrl, server);
    handle = openPostgres(benchUrl.toString(), 4);
    setDbHandle(handle);
    const seeded = await scenario.seed(handle, baseUrl);
    // BENCH_HOLD=1 keeps the seeded server up for inspection (Ctrl-C ends it and drops the database).
    if (process.env.BENCH_HOLD) {
      console.log(`holding ${baseUrl} ${JSON.stringify(seeded)}`);
      await new Promise((resolve) => process.once("SIGINT", resolve));
      return;
    }
    // Backends of other connections come and go; a backend's CPU counts while it is alive (the pool keeps them).
    const cpu = async (): Promise<CpuSample> => {
      const pids = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${dbName}`;
      return { server: treeOf(server.pid!).reduce((a, p) => a + cpuOfPid(p), 0), postgres: pids.reduce((a, r) => a + cpuOfPid(r.pid), 0) };
    };
    const summary = await scenario.run({ baseUrl, seeded, handle, cpu });
    const machine = `${os.cpus().length}cpu-${Math.round(os.totalmem() / 2 ** 30)}gb-node${process.versions.node}`;
    console.log(`# ${new Date().toISOString()} ${machine}`);
    console.log(`bench:${scenario.name} ${Object.entries(summary).map(([k, v]) => `${k}=${v}`).join(" ")}`);
  } finally {
    server.kill("SIGTERM");
    await handle?.close();
    await new Promise((r) => setTimeout(r, 500));
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}
