/**
 * The delivery loop of a worker process (started beside the workflow engine in lib/jobs/worker.ts):
 * every TICK_MS, and again as soon as a group finishes, it claims due deliveries for endpoints it
 * is not already sending to, up to 16 endpoint groups at once. Any number of workers may run it
 * (lib/webhooks/deliver.ts says why nothing is recorded twice).
 */
import { logger } from "@/lib/log";
import { claimDeliveries, deliverGroup, MAX_GROUPS, pruneWebhookHistory, releaseDeadWebhookClaims, releaseRows, releaseWebhookClaims, type DeliveryOptions } from "./deliver";

const log = logger("webhooks");

export const TICK_MS = 250;
const SWEEP_MS = 5_000;
const PRUNE_MS = 10 * 60_000;

export type WebhookLoop = { stop: (timeoutMs?: number) => Promise<void>; tick: () => Promise<void> };

export function startWebhookDelivery(workerId: string, opts: DeliveryOptions = {}): WebhookLoop {
  let stopping = false;
  let pumping: Promise<void> | null = null;
  let again = false;
  let lastSweep = 0;
  let lastPrune = 0;
  const busy = new Map<string, Promise<void>>();

  const round = async () => {
    if (Date.now() - lastSweep > SWEEP_MS) {
      lastSweep = Date.now();
      const released = await releaseDeadWebhookClaims();
      if (released) log.warn({ released }, "webhook deliveries of a stopped worker taken back");
    }
    if (Date.now() - lastPrune > PRUNE_MS) {
      lastPrune = Date.now();
      await pruneWebhookHistory();
    }
    while (!stopping && busy.size < MAX_GROUPS) {
      const groups = await claimDeliveries(workerId, [...busy.keys()], MAX_GROUPS - busy.size);
      if (groups.size === 0) return;
      for (const [endpointId, rows] of groups) {
        const sending = deliverGroup(workerId, endpointId, rows, opts)
          .catch(async (err) => {
            log.error({ err, endpointId }, "a webhook group could not be recorded; its deliveries will be taken up again");
            await releaseRows(workerId, rows.map((r) => r.id)).catch(() => {});
          })
          .finally(() => {
            busy.delete(endpointId);
            void pump();
          });
        busy.set(endpointId, sending);
      }
    }
  };

  /** One round at a time; a call during a round makes it go once more. */
  const pump = (): Promise<void> => {
    if (stopping) return Promise.resolve();
    if (pumping) {
      again = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        again = false;
        await round().catch((err) => log.error({ err }, "webhook delivery round failed"));
      } while (again && !stopping);
    })().finally(() => {
      pumping = null;
    });
    return pumping;
  };

  const timer = setInterval(() => void pump(), TICK_MS);
  timer.unref();
  void pump();

  return {
    tick: pump,
    stop: async (timeoutMs = 8_000) => {
      stopping = true;
      clearInterval(timer);
      // Requests in flight finish (each within its 10 s timeout) and are recorded; what is left goes back.
      await Promise.race([Promise.all([pumping, ...busy.values()]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      const released = await releaseWebhookClaims(workerId).catch(() => 0);
      if (released) log.warn({ released }, "worker stopping: webhook deliveries back in the queue");
    },
  };
}
