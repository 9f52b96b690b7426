/**
 * The background worker: in-process under `npm start`, or its own process (`npm run worker`,
 * any number of them against one PostgreSQL). Jobs coordinate through Postgres only.
 *
 * pg-boss carries wake-ups ("rows were queued"); the drain itself is safe to run anywhere at
 * any time (SKIP LOCKED claims, keyed groups under an advisory lock). A timer drains too, in
 * this process directly: a worker killed mid-job leaves its pg-boss job active until it
 * expires, and delivery must not wait for that.
 */
import { drainOutbox } from "@/lib/mail/deliver";
import { getBoss, QUEUES, stopBoss } from "./boss";
import { logger } from "@/lib/log";

const log = logger("jobs");

const SWEEP_MS = 15_000;

export async function startWorker(): Promise<{ stop: () => Promise<void> }> {
  let running: Promise<void> | null = null;
  let again = false;
  // One drain at a time per process; a wake-up during a drain makes it go round once more.
  const drain = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await drainOutbox();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const boss = await getBoss("worker");
  await boss.work(QUEUES.outbox, { pollingIntervalSeconds: 0.5 }, drain);
  const sweep = setInterval(() => drain().catch((err) => log.error({ err }, "outbox sweep failed")), SWEEP_MS);
  sweep.unref();
  void drain().catch((err) => log.error({ err }, "outbox drain failed"));
  return {
    stop: async () => {
      clearInterval(sweep);
      await running?.catch(() => {});
      await stopBoss();
    },
  };
}
