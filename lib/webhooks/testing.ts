/** Test helpers for webhooks (imported by *.test.ts and the bench only). */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { dispatchAll } from "@/lib/workflows/dispatch";
import { drainWebhooks, type DeliveryOptions } from "./deliver";

export const testWorker = randomUUID();

export type Received = { id: string; headers: IncomingHttpHeaders; body: string };

/** A receiver on loopback: answers with `answer` (default 200), records every request. */
export async function startReceiver(answer: (r: Received, res: ServerResponse) => number | void = () => 200) {
  const seen: Received[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const r = { id: String(req.headers["webhook-id"]), headers: req.headers, body };
    seen.push(r);
    const status = answer(r, res);
    if (typeof status === "number") {
      res.statusCode = status;
      res.end("ok");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hook`, port, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** What the worker does: events → deliveries, then every due delivery sent. */
export async function settleWebhooks(opts: DeliveryOptions = {}, workerId = testWorker) {
  await dispatchAll();
  await drainWebhooks(workerId, opts);
}

/** Time travel: the endpoint's queued deliveries are due now (its breaker, if open, still holds them: see endPause). */
export const dueNow = (endpointId: string) => db.update(webhookDeliveries).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(webhookDeliveries.endpointId, endpointId));
/** Time travel: an open breaker's pause is over (the next claim sends a probe); a closed one stays closed. */
export const endPause = (endpointId: string) =>
  db.update(webhookEndpoints).set({ pausedUntil: sql`now() - interval '1 second'` }).where(and(eq(webhookEndpoints.id, endpointId), isNotNull(webhookEndpoints.pausedUntil)));
/** Both: as if the retry schedule and the pause had passed. */
export async function later(endpointId: string) {
  await dueNow(endpointId);
  await endPause(endpointId);
}
export const deliveriesOf = (endpointId: string) => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(webhookDeliveries.createdAt);
export const attemptsOf = (deliveryId: string) => db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId)).orderBy(webhookAttempts.createdAt);
