/**
 * The background worker: in-process under `npm start`, or its own process (`npm run worker`,
 * any number of them against one PostgreSQL). Jobs coordinate through Postgres only.
 */
import { drainOutbox } from "@/lib/mail/deliver";
import { getBoss, QUEUES, stopBoss } from "./boss";

const SWEEP_MS = 15_000;

export async function startWorker(): Promise<{ stop: () => Promise<void> }> {
  const boss = await getBoss("worker");
  await boss.work(QUEUES.outbox, { pollingIntervalSeconds: 0.5 }, async () => {
    await drainOutbox();
  });
  // A periodic drain covers wake-ups lost to a crash and retries whose backoff has elapsed.
  const sweep = setInterval(() => {
    boss.send(QUEUES.outbox, {}).catch((err) => console.error("[jobs] sweep failed:", err));
  }, SWEEP_MS);
  sweep.unref();
  await boss.send(QUEUES.outbox, {});
  return {
    stop: async () => {
      clearInterval(sweep);
      await stopBoss();
    },
  };
}
