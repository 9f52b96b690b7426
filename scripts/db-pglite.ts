/**
 * What db:move, backup and restore share about the embedded database: where it lives, whether
 * a running server holds it, opening it, and the generated AUTH_SECRET kept beside it. None of
 * this goes through db/client.ts: that module holds one database per process, chosen from the
 * environment, and these scripts open the embedded database (and a target) themselves.
 */
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import fs from "node:fs";
import path from "node:path";

export type Installation = { dataDir: string; pgliteDir: string; secretFile: string };

export function installation(dataDir: string): Installation {
  const dir = path.resolve(dataDir);
  return { dataDir: dir, pgliteDir: path.join(dir, "pglite"), secretFile: path.join(dir, "auth-secret") };
}

/** An initialised PostgreSQL data directory (PGlite writes PG_VERSION first). */
export function hasDatabase(dir: string): boolean {
  return fs.existsSync(path.join(dir, "PG_VERSION"));
}

export class Refusal extends Error {}

type Holder = { pid: number; command: string };

/**
 * Processes with a file open inside `dir`, read from /proc (Linux): a server on the embedded
 * database keeps its relation and WAL files open for as long as it runs. `null` where /proc
 * cannot tell (another OS).
 */
export function holdersOf(dir: string): Holder[] | null {
  if (!fs.existsSync("/proc/self/fd")) return null;
  const real = fs.realpathSync(dir);
  const holders: Holder[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    const holds = fds.some((fd) => {
      try {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        return target === real || target.startsWith(real + path.sep);
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    let command = "?";
    try {
      command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ").slice(0, 120);
    } catch {
      // keep "?"
    }
    holders.push({ pid, command });
  }
  return holders;
}

/**
 * Refuses while another process has the embedded database open. PGlite writes postmaster.pid
 * when it opens a data directory and removes it when closed cleanly; where /proc is missing
 * that file is all there is to go on, and `ignorePidFile` lets an operator who has checked
 * that no server runs go on after a crash left it behind.
 */
export function assertNotInUse(dir: string, opts: { ignorePidFile?: boolean } = {}): string | undefined {
  const stop = "Stop the Portico server (npm start / npm run dev) and any script using it first, then run this again.";
  const holders = holdersOf(dir);
  if (holders && holders.length > 0) {
    const list = holders.map((h) => `  pid ${h.pid}: ${h.command}`).join("\n");
    throw new Refusal(`The embedded database in ${dir} is in use by:\n${list}\n${stop}`);
  }
  if (!fs.existsSync(path.join(dir, "postmaster.pid"))) return undefined;
  if (holders) return `note: ${path.join(dir, "postmaster.pid")} is left over from a server that did not stop cleanly (no process has the database open).`;
  if (opts.ignorePidFile) return "note: going on despite postmaster.pid (--ignore-pid-file).";
  throw new Refusal(`The embedded database in ${dir} looks in use (postmaster.pid exists) and this system cannot tell by which process. ${stop} If no server is running (it crashed), add --ignore-pid-file.`);
}

export function openEmbedded(dir: string, loadDataDir?: Blob): PGlite {
  return new PGlite(dir, { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
}

/** The generated secret of an installation, or undefined when it has none (AUTH_SECRET set in its environment). */
export function readGeneratedSecret(inst: Installation): string | undefined {
  try {
    return fs.readFileSync(inst.secretFile, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes a line to the operator's terminal only: stdout when it is one, else the controlling
 * terminal (/dev/tty) when there is one. Returns false when there is no terminal (output
 * captured to a file or a pipe), so a secret never lands in a log.
 */
export function toTerminalOnly(line: string): boolean {
  if (process.stdout.isTTY) {
    process.stdout.write(line + "\n");
    return true;
  }
  try {
    const fd = fs.openSync("/dev/tty", "w");
    try {
      fs.writeSync(fd, line + "\n");
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}

/** A PostgreSQL URL with its password replaced, for messages. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}
