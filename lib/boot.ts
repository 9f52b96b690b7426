import { dbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { appUrl, authSecret, devMailboxMode, devTransportActive, env } from "@/lib/env";
import { fastRoute } from "@/lib/http/fast-routes";
import { startWorker } from "@/lib/jobs/worker";
import { logger } from "@/lib/log";

const log = logger("portico");

const g = globalThis as unknown as { __porticoBooted?: Promise<void>; __porticoFastRoute?: typeof fastRoute };

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
    if (env.PORTICO_WORKER === "inline") {
      await startWorker();
      log.info("background worker running in-process");
    }
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
