/**
 * While PostgreSQL is down: requests fail fast (postgres.js gives up connecting after
 * CONNECT_TIMEOUT_S, db/client.ts) and the answer is a plain server-rendered 503 page that
 * works without JavaScript and says to try again, not Next's error boundary (a client
 * component, blank without JavaScript) or a stack trace.
 *
 * The production server (scripts/server.mjs) asks `databaseDown()` only when a response is
 * about to be a 500; it holds that response, and if the database does not answer a ping
 * within PING_TIMEOUT_MS it sends `unavailablePage()` with 503 and Retry-After instead.
 * Recovery needs nothing: the pool reconnects on the next query once PostgreSQL is back.
 */
import { sql } from "drizzle-orm";
import { db, dbHandle } from "@/db/client";
import { logger } from "@/lib/log";

const log = logger("db");
export const PING_TIMEOUT_MS = 1_500;
const CACHE_MS = 500;

let inFlight: Promise<boolean> | null = null;
let last: { at: number; down: boolean } | null = null;
let reportedDown = false;
/** A request that failed just as the database came back failed because of the outage: still the 503 page. */
const JUST_BACK_MS = 3_000;
let lastDownAt = 0;

/**
 * True when the database does not answer `select 1` within PING_TIMEOUT_MS, or did not until
 * less than JUST_BACK_MS ago: one ping at a time, its answer kept 500 ms.
 */
export function databaseDown(): Promise<boolean> {
  if (dbHandle().kind === "pglite") return Promise.resolve(false);
  if (inFlight) return inFlight;
  if (last && Date.now() - last.at < CACHE_MS) return Promise.resolve(last.down);
  inFlight = ping().then((answer) => {
    if (answer) lastDownAt = Date.now();
    const down = answer || Date.now() - lastDownAt < JUST_BACK_MS;
    last = { at: Date.now(), down };
    inFlight = null;
    return down;
  });
  return inFlight;
}

async function ping(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), PING_TIMEOUT_MS);
  });
  try {
    const answer = await Promise.race([db.execute(sql`select 1`).then(() => "ok" as const), timeout]);
    const down = answer !== "ok";
    report(down);
    return down;
  } catch (err) {
    report(true, err);
    return true;
  } finally {
    clearTimeout(timer);
  }
}

function report(down: boolean, err?: unknown) {
  if (down && !reportedDown) log.error({ err }, "the database is unreachable: answering 503 until it is back");
  if (!down && reportedDown) log.info("the database is reachable again");
  reportedDown = down;
}

/** The 503 page: self-contained HTML (no script, no stylesheet to fetch), in plain words. */
export function unavailablePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="15"><title>Temporarily unavailable</title>
<style>body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b;background:#fafafa}
main{max-width:28rem;margin:0 auto;padding:20vh 1.5rem 2rem;text-align:center}h1{font-size:1.5rem;margin:0 0 .5rem}
p{color:#52525b;margin:.5rem 0}a{color:#4338ca;font-weight:600}</style></head>
<body><main><h1>We'll be right back</h1>
<p>The portal cannot reach its database at the moment, so what you just sent was not saved. Please try again in a minute.</p>
<p>This page retries by itself every 15 seconds. <a href="">Try again now</a></p></main></body></html>`;
}

const g = globalThis as { __porticoDatabaseDown?: () => Promise<boolean>; __porticoUnavailablePage?: () => string };

/** Called once at boot: hands the two functions to scripts/server.mjs. */
export function registerUnavailable(): void {
  g.__porticoDatabaseDown = databaseDown;
  g.__porticoUnavailablePage = unavailablePage;
}
