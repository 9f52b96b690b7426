/**
 * Helpers for process-level tests (test/system, test/cluster; run by `npm run test:system`
 * after `next build`): the production server and `npm run worker` as real child processes,
 * and throwaway PostgreSQL databases.
 *
 *   requireBuild();                                     // clear failure when .next is not built
 *   const db = await createDatabase("h1_sys");          // { name, url, sql, drop() }
 *   const app = startServer({ port: 3401, env: { DATABASE_URL: db.url } });
 *   await app.ready();                                  // /api/health answers 200
 *   const w = startWorker({ env: { DATABASE_URL: db.url } });
 *   await w.waitFor(/running/);                         // a line of its output
 *   app.kill("SIGTERM"); const { code } = await app.exited;
 *   await db.drop();
 *
 * Every child's stdout and stderr are collected (`output()`), and printed when the test
 * process sets SYSTEM_TEST_VERBOSE=1. Children still running when the test process exits are
 * SIGKILLed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** The admin connection databases are created through (the machine's PostgreSQL, trust). */
export const PG_ADMIN_URL = process.env.SYSTEM_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Throws with what to run when there is no production build to test. */
export function requireBuild(): void {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error(`No production build in ${path.join(ROOT, ".next")}: run \`node scripts/start.mjs --build-only\` (or \`npm run build\`) before \`npm run test:system\`.`);
  }
}

export type Proc = {
  child: ChildProcess;
  pid: number;
  /** http://127.0.0.1:<port> for a server; "" for a worker. */
  url: string;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the first match of `pattern` in its output (waits up to `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** For a server: resolves once /api/health answers 200 (fails if the process exits first). */
  ready(ms?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
};

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of running) c.kill("SIGKILL");
});

/** Base environment of a child: this process's, minus the test runner's, plus `env` (undefined removes a key). */
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", LOG_LINKS: "false" };
  for (const k of Object.keys(base)) if (k.startsWith("VITEST") || k === "TEST") delete base[k];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

/** Starts `node <args>` in the project root with `env` added to this process's environment. */
export function startProcess(args: string[], opts: { env?: Record<string, string | undefined>; url?: string } = {}): Proc {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(opts.env ?? {}), stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let out = "";
  const waiters = new Set<() => void>();
  const verbose = process.env.SYSTEM_TEST_VERBOSE === "1";
  const onData = (chunk: Buffer) => {
    out += chunk.toString("utf8");
    if (verbose) process.stderr.write(`[${child.pid}] ${chunk}`);
    for (const w of waiters) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      for (const w of waiters) w();
      resolve({ code, signal });
    }),
  );
  const url = opts.url ?? "";
  const tail = () => out.slice(-3000);
  const proc: Proc = {
    child,
    pid: child.pid!,
    url,
    output: () => out,
    waitFor: (pattern, ms = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out after ${ms} ms waiting for ${pattern} in the output of pid ${child.pid}:\n${tail()}`)), ms);
        const check = () => {
          const m = out.match(pattern);
          if (m) return done(null, m);
          if (child.exitCode !== null || child.signalCode !== null) done(new Error(`pid ${child.pid} exited before printing ${pattern}:\n${tail()}`));
        };
        const done = (err: Error | null, m?: RegExpMatchArray) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve(m!);
        };
        waiters.add(check);
        check();
      }),
    ready: async (ms = 90_000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server (pid ${child.pid}) exited before it was ready:\n${tail()}`);
        try {
          const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
          if (res.ok) return;
        } catch {}
        if (Date.now() > deadline) throw new Error(`the server at ${url} was not ready after ${ms} ms:\n${tail()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    exited,
    kill: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  return proc;
}

/**
 * The built production server (scripts/server.mjs, NODE_ENV=production) on 127.0.0.1:`port`.
 * Without DATA_DIR in `env` it gets a fresh temporary one (for the generated secret, PGlite).
 */
export function startServer(opts: { port: number; env?: Record<string, string | undefined> }): Proc {
  requireBuild();
  const env: Record<string, string | undefined> = { PORT: String(opts.port), HOSTNAME: "127.0.0.1", APP_URL: `http://127.0.0.1:${opts.port}`, ...opts.env };
  env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "portico-system-"));
  return startProcess([path.join("scripts", "server.mjs")], { env, url: `http://127.0.0.1:${opts.port}` });
}

/** `npm run worker` as one process (node --import tsx, so a signal reaches the worker itself). */
export function startWorker(opts: { env?: Record<string, string | undefined> } = {}): Proc {
  return startProcess(["--import", "tsx", path.join("scripts", "worker.ts")], { env: opts.env });
}

export type TestDatabase = { name: string; url: string; sql: postgres.Sql; drop(): Promise<void> };

/** A new empty PostgreSQL database named `<prefix>_<random>`; `sql` is a small pool on it. */
export async function createDatabase(prefix: string): Promise<TestDatabase> {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`database prefix must be lower-case letters, digits and _: ${prefix}`);
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 4, onnotice: () => {} });
  return {
    name,
    url: url.toString(),
    sql,
    drop: async () => {
      await sql.end({ timeout: 5 });
      const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
