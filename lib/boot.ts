import { dbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { appUrl, authSecret, devMailboxMode, devTransportActive, env } from "@/lib/env";
import { fastRoute } from "@/lib/http/fast-routes";
import { startWorker, type Worker } from "@/lib/jobs/worker";
import { logger } from "@/lib/log";

const log = logger("portico");

/** What scripts/server.mjs calls on SIGTERM/SIGINT, after the last request and Next's deferred work. */
export type ShutdownHook = { timeoutMs: number; stop: (deadline: number) => Promise<void> };

const g = globalThis as unknown as { __porticoBooted?: Promise<void>; __porticoFastRoute?: typeof fastRoute; __porticoShutdown?: ShutdownHook };

/** Server start: apply migrations, start the in-process worker unless PORTICO_WORKER=off, say where things are. */
export function boot(): Promise<void> {
  g.__porticoBooted ??= (async () => {
    authSecret(); // generated and logged on the very first start when AUTH_SECRET is unset
    const handle = dbHandle();
    await migrate(handle);
    // scripts/server.mjs (npm start) serves these before Next once the schema is current; see lib/http/fast-routes.ts.
    g.__porticoFastRoute = fastRoute;
    (await import("@/lib/metrics")).registerRequestObserver(); // request counts and durations for /metrics
    log.info(`database: ${handle.kind === "pglite" ? "embedded PGlite in " + env.DATA_DIR + "/pglite" : "PostgreSQL"} (migrated)`);
    let worker: Worker | undefined;
    if (env.PORTICO_WORKER === "inline") {
      worker = await startWorker();
      log.info("background worker running in-process");
    }
    g.__porticoShutdown = {
      timeoutMs: env.SHUTDOWN_TIMEOUT_S * 1000,
      // The worker stops claiming, finishes or releases its sends; then the database closes (PGlite flushes).
      stop: async (deadline) => {
        await worker?.stop(Math.max(1000, deadline - Date.now()));
        await (await import("@/lib/api/request-audit")).flushApiRequestAudits();
        await handle.close().catch((err) => log.warn({ err }, "closing the database failed"));
      },
    };
    if (devTransportActive) {
      log.info(
        devMailboxMode !== "off"
          ? `email: dev mailbox at ${appUrl}/dev/mailbox${devMailboxMode === "loopback" ? " (for browsers on this machine only)" : ""}${env.LOG_LINKS ? " (links are also printed here)" : ""}`
          : "email: no RESEND_API_KEY, emails are stored but not sent; set DEV_MAILBOX=true to show /dev/mailbox",
      );
    }
  })();
  return g.__porticoBooted;
}
