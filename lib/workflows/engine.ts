/**
 * The workflow loops of a worker process: one dispatches new events into runs, the other
 * executes the runs that are due, LANES at a time; each every TICK_MS, and at once again while
 * there is work (the dispatcher does not wait for runs: dispatch lag stays low under load).
 * The lanes share one queue refilled by claiming whenever it runs dry, so a slow run (a webhook
 * near its timeout) holds its own lane only; runs claimed together at a database step go
 * together first (lib/workflows/batch.ts).
 * Runs of workers whose heartbeat stopped are released on every sweep. Any number of workers may run
 * this against one database (lib/workflows/dispatch.ts and runner.ts say why nothing runs twice).
 */
import { inArray } from "drizzle-orm";
import { db } from "@/db/client";
import { events, type Event, type WorkflowRun } from "@/db/schema";
import { logger } from "@/lib/log";
import { wakeOutbox } from "@/lib/mail/outbox";
import { runBatches } from "./batch";
import { dispatchAll } from "./dispatch";
import { claimRuns, executeRun, releaseDeadRunClaims, releaseRun } from "./runner";

const log = logger("workflows");

export const TICK_MS = 250;
const SWEEP_MS = 5_000;
const LANES = 8;
const CLAIM = LANES * 4;

export type Engine = { stop: (timeoutMs?: number) => Promise<void>; tick: () => Promise<void> };

export function startWorkflowEngine(workerId: string): Engine {
  let stopping = false;
  let lastSweep = 0;

  const runRound = async () => {
    if (Date.now() - lastSweep > SWEEP_MS) {
      lastSweep = Date.now();
      const released = await releaseDeadRunClaims();
      if (released) log.warn({ released }, "workflow runs of a stopped worker taken back");
    }
    await drainRuns(workerId, () => stopping);
  };

  /** One loop at a time of each kind: a tick while one runs is a no-op (the loop goes on while there is work). */
  const loop = (name: string, body: () => Promise<unknown>) => {
    let running: Promise<void> | null = null;
    return (): Promise<void> => {
      if (stopping) return running ?? Promise.resolve();
      running ??= body()
        .then(() => undefined)
        .catch((err) => log.error({ err }, `workflow ${name} failed`))
        .finally(() => {
          running = null;
        });
      return running;
    };
  };
  const dispatchTick = loop("dispatch", () => dispatchAll({ stopping: () => stopping }));
  const runTick = loop("runner", runRound);
  const tick = async () => {
    await dispatchTick();
    await runTick();
  };

  const timer = setInterval(() => {
    void dispatchTick();
    void runTick();
  }, TICK_MS);
  timer.unref();
  void tick();

  return {
    tick,
    stop: async (timeoutMs = 8_000) => {
      stopping = true;
      clearInterval(timer);
      // The loops see `stopping` between runs and steps; whatever they still hold is given back by the worker.
      await Promise.race([Promise.all([dispatchTick(), runTick()]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    },
  };
}

/**
 * Runs what is due until nothing is: LANES lanes take runs from a shared queue; the lane that
 * finds it empty claims more (one claim at a time), batches what it claimed, and queues the rest.
 */
export async function drainRuns(workerId: string, stopping: () => boolean = () => false): Promise<void> {
  const queue: WorkflowRun[] = [];
  const byId = new Map<string, Event>();
  let refilling: Promise<boolean> | null = null;
  let busy = 0;
  let done = false;
  const refill = (): Promise<boolean> =>
    (refilling ??= (async () => {
      const runs = await claimRuns(workerId, CLAIM);
      if (runs.length === 0) return false;
      for (const e of await db.select().from(events).where(inArray(events.id, [...new Set(runs.map((r) => r.eventId))]))) byId.set(e.id, e);
      const batch = await runBatches(runs, workerId, byId);
      queue.push(...batch.rest);
      if (batch.emailed) await wakeOutbox();
      return true;
    })().finally(() => {
      refilling = null;
    }));
  const lane = async () => {
    for (;;) {
      if (stopping()) {
        for (let run = queue.shift(); run; run = queue.shift()) await releaseRun(run.id, workerId).catch(() => {});
        return;
      }
      const run = queue.shift();
      if (!run) {
        if (done) return;
        if ((await refill()) || queue.length > 0) continue;
        // Nothing due: finished once no lane is still running something (which may make more due); meanwhile look again.
        if (busy === 0) {
          done = true;
          return;
        }
        await new Promise((r) => setTimeout(r, TICK_MS));
        continue;
      }
      let emailed = false;
      busy++;
      try {
        await executeRun(run, { workerId, stopping, event: byId.get(run.eventId), queuedEmail: () => (emailed = true) });
      } catch (err) {
        // A database outage mid-run: the claim is released when this worker's heartbeat stops, or here.
        log.error({ err, runId: run.id }, "a workflow run could not go on; it will be taken up again");
        await releaseRun(run.id, workerId).catch(() => {});
      } finally {
        busy--;
      }
      byId.delete(run.eventId);
      if (emailed) await wakeOutbox();
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
}
