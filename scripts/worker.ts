// `npm run worker`: the background worker as its own process (scale out by running more).
import { dbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { env } from "@/lib/env";
import { startWorker } from "@/lib/jobs/worker";

if (!env.DATABASE_URL) {
  console.error("[worker] DATABASE_URL is not set. A separate worker needs PostgreSQL; with the embedded database the worker runs inside `npm start`.");
  process.exit(1);
}
await migrate(dbHandle());
const worker = await startWorker();
console.log("[worker] running; Ctrl-C to stop");
const stop = async () => {
  console.log("[worker] stopping…");
  await worker.stop();
  await dbHandle().close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
