/**
 * The workflow loop of a worker process: dispatch new events into runs, then execute the runs
 * that are due, LANES at a time; every TICK_MS, and at once again while there is work. Runs of
 * workers whose heartbeat stopped are released on every sweep. Any number of workers may run
 * this against one database (lib/workflows/dispatch.ts and runner.ts say why nothing runs twice).
 */
import { logger } from "@/lib/log";
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
  let running: Promise<void> | null = null;
  let lastSweep = 0;

  const round = async () => {
    if (Date.now() - lastSweep > SWEEP_MS) {
      lastSweep = Date.now();
      const released = await releaseDeadRunClaims();
      if (released) log.warn({ released }, "workflow runs of a stopped worker taken back");
    }
    for (;;) {
      await dispatchAll({ stopping: () => stopping });
      if (stopping) return;
      const runs = await claimRuns(workerId, CLAIM);
      if (runs.length === 0) return;
      let next = 0;
      const lane = async () => {
        for (let run = runs[next++]; run; run = runs[next++]) {
          if (stopping) {
            await releaseRun(run.id, workerId).catch(() => {});
            continue;
          }
          try {
            await executeRun(run, { workerId, stopping: () => stopping });
          } catch (err) {
            // A database outage mid-run: the claim is released when this worker's heartbeat stops, or below.
            log.error({ err, runId: run.id }, "a workflow run could not go on; it will be taken up again");
            await releaseRun(run.id, workerId).catch(() => {});
          }
        }
      };
      await Promise.all(Array.from({ length: LANES }, lane));
    }
  };

  const tick = (): Promise<void> => {
    if (stopping) return Promise.resolve();
    if (running) return running;
    running = round()
      .catch((err) => log.error({ err }, "workflow round failed"))
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  void tick();

  return {
    tick,
    stop: async (timeoutMs = 8_000) => {
      stopping = true;
      clearInterval(timer);
      if (running) await Promise.race([running, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    },
  };
}
