/**
 * A PostgreSQL server of the test's own (initdb into a temporary folder, trust auth, loopback
 * only), so a test can stop and restart it under load without touching the machine's shared
 * server. initdb refuses to run as root: as root the folder belongs to `postgres` and every
 * command runs as that user (runuser).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type PrivatePostgres = {
  /** postgres://…/postgres on this server; pass a database name for another. */
  url: (database?: string) => string;
  port: number;
  stop: (mode?: "fast" | "immediate") => void;
  start: () => void;
  /** Removes the folder (after stopping the server). */
  destroy: () => void;
};

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))) : [];
  if (!versions.length) throw new Error("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)");
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0]!, "bin");
}

export function startPrivatePostgres(port: number): PrivatePostgres {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `h4-pg-${port}-`));
  const data = path.join(dir, "data");
  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", full, ...args], { stdio: ["ignore", "ignore", "pipe"], cwd: "/" });
    else execFileSync(full, args, { stdio: ["ignore", "ignore", "pipe"] });
  };
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const options = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB`;
  const start = () => run("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-o", options, "-w", "-t", "60", "start"]);
  const stop = (mode: "fast" | "immediate" = "fast") => run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
  start();
  return {
    port,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
    start,
    destroy: () => {
      try {
        stop("immediate");
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
