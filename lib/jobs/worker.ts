/**
 * The background worker: in-process under `npm start`, or its own process (`npm run worker`,
 * any number of them against one PostgreSQL). Jobs coordinate through Postgres only.
 *
 * pg-boss carries wake-ups ("rows were queued") and the email requests of the login pages
 * (lib/jobs/email-requests.ts); the drain itself is safe to run anywhere at any time (SKIP
 * LOCKED claims, keyed groups under an advisory lock). A timer drains too, in this process
 * directly: a worker killed mid-job leaves its pg-boss job active until it expires, and
 * delivery must not wait for that.
 *
 * The worker beats in worker_heartbeats (lib/jobs/heartbeat.ts) and stamps its claims with its
 * id, so when it dies the others release what it held within seconds. `stop()` stops claiming
 * outbox rows, handles the email requests already queued, lets the send in flight finish (all
 * bounded), releases what it claimed and did not send, and says it stopped.
 */
import { drainOutbox, releaseClaims } from "@/lib/mail/deliver";
import { getBoss, QUEUES, stopBoss } from "./boss";
import { runEmailRequest, setLocalEmailWorker, type EmailRequestJob } from "./email-requests";
import { db } from "@/db/client";
import { pruneReceipts } from "./receipts";
import { beat, HEARTBEAT_MS, markStopped, pruneHeartbeats, registerWorker } from "./heartbeat";
import { logger } from "@/lib/log";
import { startWorkflowEngine } from "@/lib/workflows/engine";
import { releaseWorkerRuns } from "@/lib/workflows/runner";
import { startWebhookDelivery } from "@/lib/webhooks/loop";

const log = logger("jobs");

// Also how soon the claims of a worker that died are picked up (after its heartbeat goes stale).
const SWEEP_MS = 5_000;
/** Email requests fetched at once, and handled at once, per process (each is a lookup, a token and a rendered email). */
const EMAIL_REQUEST_BATCH = 25;
const EMAIL_REQUEST_CONCURRENCY = 4;

export type Worker = { id: string; stop: (timeoutMs?: number) => Promise<void> };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)).unref());

export async function startWorker(): Promise<Worker> {
  const id = await registerWorker();
  void pruneHeartbeats().catch((err) => log.warn({ err }, "could not prune old worker heartbeats"));
  void pruneReceipts(db).catch((err) => log.warn({ err }, "could not prune old job receipts"));
  let stopping = false;
  let running: Promise<void> | null = null;
  let again = false;
  // One drain at a time per process; a wake-up during a drain makes it go round once more.
  const drain = (): Promise<void> => {
    if (stopping) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await drainOutbox({ claimedBy: id, stopping: () => stopping });
      } while (again && !stopping);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const heartbeat = setInterval(() => beat(id).catch((err) => log.warn({ err }, "worker heartbeat failed")), HEARTBEAT_MS);
  heartbeat.unref();
  const boss = await getBoss("worker");
  await boss.work(QUEUES.outbox, { pollingIntervalSeconds: 0.5 }, drain);
  // pg-boss waits out the polling interval between fetches, so jobs come in batches; each job
  // that fails is failed on its own (retried by pg-boss), the batch's others complete.
  const emailWorker = await boss.work<EmailRequestJob>(QUEUES.emailRequest, { pollingIntervalSeconds: 0.5, batchSize: EMAIL_REQUEST_BATCH }, async (jobs) => {
    let next = 0;
    const lane = async () => {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        try {
          await runEmailRequest(job.data, job.id);
        } catch (err) {
          log.error({ err }, "an email request failed; it will be retried");
          await boss.fail(QUEUES.emailRequest, job.id, { message: err instanceof Error ? err.message : String(err) });
        }
      }
    };
    await Promise.all(Array.from({ length: EMAIL_REQUEST_CONCURRENCY }, lane));
  });
  // A request answered by this very process (npm start) is picked up at once, not at the next poll.
  setLocalEmailWorker(() => boss.notifyWorker(emailWorker));
  const sweep = setInterval(() => drain().catch((err) => log.error({ err }, "outbox sweep failed")), SWEEP_MS);
  sweep.unref();
  void drain().catch((err) => log.error({ err }, "outbox drain failed"));
  const workflows = startWorkflowEngine(id);
  const webhooks = startWebhookDelivery(id);
  return {
    id,
    stop: async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      stopping = true;
      clearInterval(sweep);
      // Runs between steps give their claim back; a step in flight finishes (its outcome is fenced).
      const workflowsStopped = workflows.stop(Math.max(1000, timeoutMs - 2000));
      // Webhook requests in flight finish and are recorded; the rest go back to the queue.
      const webhooksStopped = webhooks.stop(Math.max(1000, timeoutMs - 2000));
      // Email requests already asked for (not the ones waiting for a retry) are handled now if there is time (2 s kept for the rest):
      // with the embedded database no other worker would take them before the next start.
      while (Date.now() < deadline - 2000 && (await boss.getQueueSize(QUEUES.emailRequest, { before: "retry" }).catch(() => 0)) > 0) await sleep(100);
      // pg-boss stops fetching at once and waits for the jobs it handed out (email requests, a drain).
      const bossStopped = stopBoss(Math.max(1000, timeoutMs - 500)).catch((err) => log.warn({ err }, "pg-boss did not stop cleanly"));
      const finished = await Promise.race([Promise.all([running?.catch(() => {}), bossStopped, workflowsStopped, webhooksStopped]).then(() => true), sleep(deadline - Date.now()).then(() => false)]);
      clearInterval(heartbeat);
      setLocalEmailWorker(undefined);
      try {
        await releaseWorkerRuns(id);
        const released = await releaseClaims(id);
        if (released > 0 || !finished) log.warn({ released }, `worker stopping: ${finished ? "" : "a send was still running at the deadline; "}${released} claimed emails back in the queue`);
        await markStopped(id);
      } catch (err) {
        log.error({ err }, "worker could not release its claims; others will after its heartbeat goes stale");
      }
    },
  };
}
