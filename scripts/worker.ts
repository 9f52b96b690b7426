// `npm run worker`: the background worker as its own process (scale out by running more).
import { dbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { env } from "@/lib/env";
import { startWorker, type Worker } from "@/lib/jobs/worker";
import { keepRunningOnStrayRejections } from "@/lib/log";

// pg-boss's pool rejects with nobody awaiting while PostgreSQL restarts: log it, keep working.
keepRunningOnStrayRejections();

if (!env.DATABASE_URL) {
  console.error("[worker] DATABASE_URL is not set. A separate worker needs PostgreSQL; with the embedded database the worker runs inside `npm start`.");
  process.exit(1);
}
// SIGTERM/SIGINT: stop claiming, let the sends in flight finish (up to SHUTDOWN_TIMEOUT_S), release
// what was claimed and not sent, say so in worker_heartbeats, exit 0. Before the worker runs there
// is nothing to finish. A second signal changes nothing.
const running: { worker?: Worker } = {};
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const worker = running.worker;
  if (!worker) {
    console.log("[worker] stopped before it started");
    process.exit(0);
  }
  console.log(`[worker] stopping (up to ${env.SHUTDOWN_TIMEOUT_S} s)…`);
  const force = setTimeout(() => {
    console.error("[worker] did not stop in time; exiting");
    process.exit(1);
  }, env.SHUTDOWN_TIMEOUT_S * 1000 + 5000);
  await worker.stop(env.SHUTDOWN_TIMEOUT_S * 1000);
  await dbHandle().close();
  clearTimeout(force);
  console.log("[worker] stopped");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

await migrate(dbHandle());
running.worker = await startWorker();
console.log("[worker] running; Ctrl-C to stop");
