import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailMessages, offers, teamMembers, webhookDeliveries, webhookEndpoints, workerHeartbeats, workspaceMembers, type Workspace } from "@/db/schema";
import { recordEvents } from "@/lib/access/events";
import { grantOffer } from "@/lib/access/grant-offer";
import { STRICT, type Resolve } from "@/lib/http/outbound";
import { seal } from "@/lib/mail/sealed";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { claimDeliveries, deliverGroup, DISABLE_AFTER_FAILURES, drainWebhooks, KEEP_DAYS, MAX_ATTEMPTS, PAUSE_MAX_S, PAUSE_MIN_S, pruneWebhookHistory, releaseDeadWebhookClaims, RETRY_SCHEDULE_S } from "./deliver";
import { redeliver, sendTestEvent } from "./deliveries";
import { createEndpoint, rotateEndpointSecret, setEndpointEnabled, updateEndpoint } from "./endpoints";
import type { WebhookEventType } from "./event-types";
import { webhookPayloadSchema } from "./payload";
import { attemptsOf, deliveriesOf, dueNow, endPause, later, settleWebhooks, startReceiver, testWorker } from "./testing";

const ctxOf = (workspace: Workspace) => ({ workspace, actor: { type: "system" as const }, request });

async function endpointFor(ws: Workspace, url: string, eventTypes: WebhookEventType[] = ["offer_access.granted"]) {
  const made = await createEndpoint(ctxOf(ws), { url, eventTypes });
  if (!made.ok) throw new Error(made.error);
  return made;
}

const verifies = (secret: string, r: { body: string; headers: Record<string, unknown> }) => {
  try {
    new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
};

async function grant(ws: Workspace) {
  const c = await makeContact(ws, { access: false });
  const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
  await db.transaction((tx) => grantOffer(tx, ctxOf(ws), { contactIds: [c.id], offer: offer!, source: "admin", welcome: false }));
  return c;
}

describe("webhook deliveries (issue 16)", () => {
  it("each event of a subscribed type becomes one signed delivery per enabled endpoint of its workspace, delivered once", async () => {
    const ws = await makeWorkspace();
    const other = await makeWorkspace();
    const rx = await startReceiver();
    try {
      const a = await endpointFor(ws, `${rx.url}?a`);
      const b = await endpointFor(ws, `${rx.url}?b`, ["offer_access.granted", "offer_access.removed"]);
      const off = await endpointFor(ws, `${rx.url}?off`);
      await setEndpointEnabled(ctxOf(ws), off.id, false);
      const unsubscribed = await endpointFor(ws, `${rx.url}?groups`, ["group.joined"]);
      const foreign = await endpointFor(other, `${rx.url}?foreign`);
      const c = await grant(ws);
      await settleWebhooks();
      await settleWebhooks(); // nothing twice
      for (const e of [off, unsubscribed, foreign]) expect(await deliveriesOf(e.id)).toEqual([]);
      for (const e of [a, b]) {
        const [d, ...more] = await deliveriesOf(e.id);
        expect(more).toEqual([]);
        expect(d).toMatchObject({ status: "delivered", attempts: 1, type: "offer_access.granted", lastStatus: 200 });
        expect(d!.messageId).toBe(d!.eventId);
        const got = rx.seen.filter((r) => r.id === d!.messageId && r.headers["webhook-signature"] && verifies(e.secret, r));
        expect(got).toHaveLength(1);
        expect(verifies(a.id === e.id ? b.secret : a.secret, got[0]!)).toBe(false);
        const body = JSON.parse(got[0]!.body);
        expect(body).toMatchObject({
          type: "offer_access.granted",
          data: { event: { id: d!.eventId, type: "offer_access.granted", data: { offer_title: "All access", source: "admin" } }, contact: { id: c.id, email: c.email, first_name: "Lee" }, workspace: { id: ws.id, slug: ws.slug } },
        });
        expect(body.data.event.data).not.toHaveProperty("cause");
        expect(webhookPayloadSchema.safeParse(body).error).toBeUndefined(); // what the OpenAPI document's webhooks say
        const [attempt] = await attemptsOf(d!.id);
        expect(attempt).toMatchObject({ attempt: 1, status: 200 });
        expect(attempt!.requestHeaders).toMatchObject({ "webhook-id": d!.messageId, "content-type": "application/json" });
        expect(attempt!.requestHeaders).not.toHaveProperty("webhook-signature");
      }
      expect(rx.seen).toHaveLength(2);
    } finally {
      await rx.close();
    }
  });

  it("retries a 500 under the same webhook-id and body until it is taken; a 4xx or a redirect fails at once; a 429's Retry-After stretches the wait", async () => {
    const ws = await makeWorkspace();
    let answers = [500, 503, 200];
    const rx = await startReceiver(() => answers.shift() ?? 200);
    try {
      const e = await endpointFor(ws, rx.url);
      await grant(ws);
      await settleWebhooks();
      let [d] = await deliveriesOf(e.id);
      expect(d).toMatchObject({ status: "queued", attempts: 1, lastStatus: 500, lastError: "The endpoint answered 500; trying again later." });
      const wait = d!.nextAttemptAt.getTime() - Date.now();
      expect(wait).toBeGreaterThan(RETRY_SCHEDULE_S[0]! * 800 - 1000);
      expect(wait).toBeLessThanOrEqual(RETRY_SCHEDULE_S[0]! * 1200);
      await settleWebhooks(); // not due yet: nothing sent
      expect(rx.seen).toHaveLength(1);
      await later(e.id);
      await settleWebhooks();
      await later(e.id);
      await settleWebhooks();
      [d] = await deliveriesOf(e.id);
      expect(d).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200, lastError: null });
      expect(rx.seen.map((r) => r.id)).toEqual([d!.messageId, d!.messageId, d!.messageId]);
      expect(new Set(rx.seen.map((r) => r.body)).size).toBe(1);
      expect((await attemptsOf(d!.id)).map((a) => [a.attempt, a.status])).toEqual([
        [1, 500],
        [2, 503],
        [3, 200],
      ]);
      expect(await db.select({ n: webhookEndpoints.consecutiveFailures, since: webhookEndpoints.failingSince }).from(webhookEndpoints).where(eq(webhookEndpoints.id, e.id))).toEqual([{ n: 0, since: null }]);

      for (const [status, error] of [
        [404, "The endpoint answered 404; not retried (only 408, 429 and 5xx are)."],
        [302, "The endpoint answered with a redirect (302); redirects are not followed: use the final URL."],
      ] as const) {
        answers = [status];
        const test = await sendTestEvent(ctxOf(ws), e.id);
        await settleWebhooks();
        expect((await deliveriesOf(e.id)).find((x) => test.ok && x.id === test.id)).toMatchObject({ status: "failed", attempts: 1, lastStatus: status, lastError: error });
      }
    } finally {
      await rx.close();
    }
    const slow = await startReceiver((_r, res) => {
      res.writeHead(429, { "retry-after": "600" }).end();
    });
    try {
      const e = await endpointFor(ws, slow.url);
      const test = await sendTestEvent(ctxOf(ws), e.id);
      await settleWebhooks();
      const [d] = await deliveriesOf(e.id);
      expect(test.ok && d!.id === test.id).toBe(true);
      expect(d!.status).toBe("queued");
      expect(d!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(590_000);
    } finally {
      await slow.close();
    }
  });

  it("a receiver that is down gets one probe per pause, not every queued delivery; the rest keep their attempts and go once a probe succeeds", async () => {
    const ws = await makeWorkspace();
    let answer: (r: { id: string }) => number = () => 503;
    const rx = await startReceiver((r, res) => {
      const status = answer(r);
      if (status === 429) res.writeHead(429, { "retry-after": "600" }).end();
      else return status;
    });
    const e = await endpointFor(ws, rx.url);
    const endpoint = async () => (await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, e.id)))[0]!;
    const holdPaused = () => db.update(webhookEndpoints).set({ pausedUntil: sql`now() + interval '1 minute'` }).where(eq(webhookEndpoints.id, e.id));
    try {
      for (let i = 0; i < 12; i++) await sendTestEvent(ctxOf(ws), e.id);
      await settleWebhooks();
      expect(rx.seen).toHaveLength(12); // the breaker was closed: the first group went out
      expect(webhookPayloadSchema.safeParse(JSON.parse(rx.seen[0]!.body)).error).toBeUndefined(); // the test event's body, contact null
      const opened = (await endpoint()).pausedUntil!.getTime() - Date.now();
      expect(opened).toBeGreaterThan(0);
      expect(opened).toBeLessThanOrEqual(PAUSE_MIN_S * 1000);
      // Deliveries due, the endpoint paused: nothing goes.
      await holdPaused();
      await dueNow(e.id);
      await settleWebhooks();
      expect(rx.seen).toHaveLength(12);
      // After the pause one probe goes; failing for 10 minutes by now, the next pause is the longest.
      await db.update(webhookEndpoints).set({ failingSince: sql`now() - interval '10 minutes'` }).where(eq(webhookEndpoints.id, e.id));
      await later(e.id);
      await settleWebhooks();
      expect(rx.seen).toHaveLength(13);
      const wait = (await endpoint()).pausedUntil!.getTime() - Date.now();
      expect(wait).toBeGreaterThan((PAUSE_MAX_S - 2) * 1000);
      expect(wait).toBeLessThanOrEqual(PAUSE_MAX_S * 1000);
      expect((await deliveriesOf(e.id)).map((d) => d.attempts).sort()).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
      expect(await endpoint()).toMatchObject({ consecutiveFailures: 13, enabled: true });
      // A probe on its last attempt fails the delivery for good, and the breaker stays open.
      const [oldest] = await deliveriesOf(e.id);
      await db.update(webhookDeliveries).set({ attempts: MAX_ATTEMPTS - 1, nextAttemptAt: sql`now() - interval '1 hour'` }).where(eq(webhookDeliveries.id, oldest!.id));
      await endPause(e.id);
      await settleWebhooks();
      expect(rx.seen).toHaveLength(14);
      expect((await deliveriesOf(e.id)).find((d) => d.id === oldest!.id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
      expect((await endpoint()).pausedUntil!.getTime()).toBeGreaterThan(Date.now());
      // A 429's Retry-After holds the whole endpoint that long, not just the delivery that got it.
      answer = () => 429;
      await later(e.id);
      await settleWebhooks();
      expect(rx.seen).toHaveLength(15);
      expect((await endpoint()).pausedUntil!.getTime() - Date.now()).toBeGreaterThan(590_000);
      // An admin's test event while the breaker is open goes first (ahead of older due ones), at once, and says why the rest wait.
      await dueNow(e.id);
      const test = await sendTestEvent(ctxOf(ws), e.id);
      expect(test.ok && test.message).toMatch(/The endpoint is failing: this one is tried next, ahead of the waiting deliveries/);
      await settleWebhooks();
      expect(rx.seen).toHaveLength(16);
      expect(test.ok && rx.seen.at(-1)!.id).toBe(test.ok && test.webhookId);
      // Back up: the probe succeeds and everything queued follows in the same drain.
      answer = () => 200;
      await later(e.id);
      await settleWebhooks();
      const after = await deliveriesOf(e.id);
      expect(after.filter((d) => d.status !== "delivered").map((d) => d.id)).toEqual([oldest!.id]);
      expect(rx.seen).toHaveLength(16 + after.length - 1);
      expect(await endpoint()).toMatchObject({ pausedUntil: null, failingSince: null, consecutiveFailures: 0 });
      // A 404 says nothing of the receiver's health: the breaker stays closed.
      answer = () => 404;
      await sendTestEvent(ctxOf(ws), e.id);
      await settleWebhooks();
      expect((await endpoint()).pausedUntil).toBeNull();
    } finally {
      await rx.close();
    }
  });

  it("with the breaker open, one worker probes at a time; turning the endpoint on again or changing its URL closes it", async () => {
    const ws = await makeWorkspace();
    const rx = await startReceiver(() => 500);
    try {
      const e = await endpointFor(ws, rx.url);
      for (let i = 0; i < 3; i++) await sendTestEvent(ctxOf(ws), e.id);
      await settleWebhooks();
      await later(e.id);
      // Two workers claim at once: one lease, one probe.
      const [x, y] = await Promise.all([claimDeliveries(randomUUID(), []), claimDeliveries(randomUUID(), [])]);
      expect([...x.values(), ...y.values()].flat()).toHaveLength(1);
      await db.update(webhookDeliveries).set({ status: "queued", claimedBy: null, claimedAt: null }).where(eq(webhookDeliveries.endpointId, e.id));
      await setEndpointEnabled(ctxOf(ws), e.id, false);
      const on = await setEndpointEnabled(ctxOf(ws), e.id, true);
      expect(on).toMatchObject({ ok: true, pausedUntil: null, failingSince: null });
      await settleWebhooks();
      expect((await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, e.id)))[0]!.pausedUntil).not.toBeNull();
      const moved = await updateEndpoint(ctxOf(ws), e.id, { url: `${rx.url}?moved` });
      expect(moved).toMatchObject({ ok: true, pausedUntil: null });
    } finally {
      await rx.close();
    }
  });

  it("gives up after MAX_ATTEMPTS, over about a day of backoff", async () => {
    expect(RETRY_SCHEDULE_S.reduce((a, b) => a + b, 0) / 3600).toBeGreaterThan(20);
    expect(RETRY_SCHEDULE_S.reduce((a, b) => a + b, 0) / 3600).toBeLessThan(26);
    const ws = await makeWorkspace();
    const rx = await startReceiver(() => 500);
    try {
      const e = await endpointFor(ws, rx.url);
      await sendTestEvent(ctxOf(ws), e.id);
      for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
        await later(e.id);
        await settleWebhooks();
      }
      const [d] = await deliveriesOf(e.id);
      expect(d).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastError: `The endpoint answered 500 after ${MAX_ATTEMPTS} attempts; giving up.` });
      expect(rx.seen).toHaveLength(MAX_ATTEMPTS);
    } finally {
      await rx.close();
    }
  });

  it("during a rotation's overlap both the old and the new secret verify; after it only the new one", async () => {
    const ws = await makeWorkspace();
    const rx = await startReceiver();
    try {
      const e = await endpointFor(ws, rx.url);
      const rotated = await rotateEndpointSecret(ctxOf(ws), e.id);
      if (!rotated.ok) throw new Error(rotated.error);
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.previousSecretExpiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
      await sendTestEvent(ctxOf(ws), e.id);
      await settleWebhooks();
      const during = rx.seen.at(-1)!;
      expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
      expect(verifies(rotated.secret, during)).toBe(true);
      expect(verifies(e.secret, during)).toBe(true);
      expect(JSON.parse(during.body)).toMatchObject({ type: "webhook.test", data: { event: { id: during.id, type: "webhook.test" }, contact: null, workspace: { slug: ws.slug } } });

      await db.update(webhookEndpoints).set({ previousSecretExpiresAt: new Date(Date.now() - 1000) }).where(eq(webhookEndpoints.id, e.id));
      await sendTestEvent(ctxOf(ws), e.id);
      await settleWebhooks();
      const after = rx.seen.at(-1)!;
      expect(after.id).not.toBe(during.id);
      expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
      expect(verifies(rotated.secret, after)).toBe(true);
      expect(verifies(e.secret, after)).toBe(false);
    } finally {
      await rx.close();
    }
  });

  it("an endpoint failing for a day is disabled once, with the reason, and its owners are emailed; its queue waits and goes out when it is on again", async () => {
    const ws = await makeWorkspace();
    const [owner] = await db.insert(teamMembers).values({ email: `owner-${ws.slug}@example.com`, name: "Olive Owner" }).returning();
    const [admin] = await db.insert(teamMembers).values({ email: `admin-${ws.slug}@example.com`, name: "Adam Admin" }).returning();
    await db.insert(workspaceMembers).values([
      { workspaceId: ws.id, teamMemberId: owner!.id, role: "owner" },
      { workspaceId: ws.id, teamMemberId: admin!.id, role: "admin" },
    ]);
    let up = false;
    const rx = await startReceiver(() => (up ? 200 : 500));
    try {
      const e = await endpointFor(ws, rx.url);
      await sendTestEvent(ctxOf(ws), e.id);
      await settleWebhooks();
      // Failing, but not for long enough yet.
      expect((await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, e.id)))[0]).toMatchObject({ enabled: true, consecutiveFailures: 1 });
      await db.update(webhookEndpoints).set({ failingSince: new Date(Date.now() - 25 * 3_600_000), consecutiveFailures: DISABLE_AFTER_FAILURES - 1 }).where(eq(webhookEndpoints.id, e.id));
      await later(e.id);
      await settleWebhooks();
      const [off] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, e.id));
      expect(off).toMatchObject({ enabled: false, consecutiveFailures: DISABLE_AFTER_FAILURES });
      expect(off!.disabledReason).toMatch(/^Every attempt failed for more than 24 hours \(10 in a row\)\. The last: The endpoint answered 500/);
      const mails = await db.select().from(emailMessages).where(and(eq(emailMessages.workspaceId, ws.id), eq(emailMessages.template, "webhook_endpoint_disabled")));
      expect(mails.map((m) => m.toEmail)).toEqual([owner!.email]);

      // Off: new events are not queued for it, queued ones wait (and are not sent).
      await grant(ws);
      await sendTestEvent(ctxOf(ws), e.id);
      const sent = rx.seen.length;
      await later(e.id);
      await settleWebhooks();
      expect(rx.seen).toHaveLength(sent);
      const waiting = await deliveriesOf(e.id);
      expect(waiting.map((d) => d.type)).toEqual(["webhook.test", "webhook.test"]);
      expect(waiting.every((d) => d.status === "queued")).toBe(true);
      expect((await db.select().from(emailMessages).where(eq(emailMessages.template, "webhook_endpoint_disabled"))).filter((m) => m.workspaceId === ws.id)).toHaveLength(1);

      up = true;
      const on = await setEndpointEnabled(ctxOf(ws), e.id, true);
      expect(on).toMatchObject({ ok: true, enabled: true, disabledReason: null, consecutiveFailures: 0, failingSince: null });
      await later(e.id);
      await settleWebhooks();
      expect((await deliveriesOf(e.id)).map((d) => d.status)).toEqual(["delivered", "delivered"]);
    } finally {
      await rx.close();
    }
  });

  it("refuses inward URLs at send time under the production policy (loopback, 10/8, cloud metadata, a name resolving to 127.0.0.1): the delivery fails, nothing is sent", async () => {
    const ws = await makeWorkspace();
    const rx = await startReceiver();
    try {
      const resolve: Resolve = (host, cb) => cb(null, [{ address: host === "hooks.example.com" ? "127.0.0.1" : "93.184.216.34", family: 4 }]);
      const urls = [`https://127.0.0.1:${rx.port}/hook`, "https://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data/", `https://hooks.example.com:${rx.port}/hook`, `http://127.0.0.1:${rx.port}/hook`];
      // Written straight in: as if saved while developing, or a name that pointed elsewhere when saved.
      const ids: string[] = [];
      for (const url of urls) {
        const [e] = await db.insert(webhookEndpoints).values({ workspaceId: ws.id, url, eventTypes: ["offer_access.granted"], secret: seal("whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0") }).returning();
        ids.push(e!.id);
      }
      await grant(ws);
      await settleWebhooks({ policy: STRICT, resolve });
      for (const id of ids) {
        const [d] = await deliveriesOf(id);
        expect(d, urls[ids.indexOf(id)]).toMatchObject({ status: "failed", attempts: 1, lastStatus: null });
        expect(d!.lastError).toMatch(/^Refused: [^]*(private or local|https)[^]*[^.]\. Nothing was sent\.$/);
      }
      expect(rx.seen).toEqual([]);
    } finally {
      await rx.close();
    }
  });

  it("a crashed worker's claimed delivery is sent again by another under the same webhook-id; the dead worker's late answer is not recorded", async () => {
    const ws = await makeWorkspace();
    const rx = await startReceiver();
    try {
      const e = await endpointFor(ws, rx.url);
      await sendTestEvent(ctxOf(ws), e.id);
      const [dead] = await db.insert(workerHeartbeats).values({ host: "test", pid: 1 }).returning();
      const claimed = await claimDeliveries(dead!.id, []);
      const rows = claimed.get(e.id)!;
      expect(rows).toHaveLength(1);
      expect(await releaseDeadWebhookClaims()).toBe(0); // still beating
      await drainWebhooks(testWorker);
      expect(rx.seen).toEqual([]); // held by the other worker
      await db.update(workerHeartbeats).set({ beatAt: sql`now() - interval '1 minute'` }).where(eq(workerHeartbeats.id, dead!.id));
      expect(await releaseDeadWebhookClaims()).toBeGreaterThanOrEqual(1);
      await drainWebhooks(testWorker);
      const [d] = await deliveriesOf(e.id);
      expect(d).toMatchObject({ status: "delivered", attempts: 1 });
      // The dead worker comes back and sends what it held: the wire sees it twice (same id), the record once.
      await deliverGroup(dead!.id, e.id, rows);
      expect(rx.seen.map((r) => r.id)).toEqual([d!.messageId, d!.messageId]);
      expect(await attemptsOf(d!.id)).toHaveLength(1);
      expect((await deliveriesOf(e.id))[0]).toMatchObject({ status: "delivered", attempts: 1 });
    } finally {
      await rx.close();
    }
  });

  it("keeps 2 KB of a huge answer, survives NUL bytes, times out a receiver that never answers, and redelivers the same message", async () => {
    const ws = await makeWorkspace();
    let mode: "huge" | "nul" | "silent" = "huge";
    const rx = await startReceiver((_r, res) => {
      if (mode === "huge") res.end("x".repeat(5_000_000));
      else if (mode === "nul") res.end("a\u0000b\u0000c");
      // silent: never answers
    });
    try {
      const e = await endpointFor(ws, rx.url);
      const first = await sendTestEvent(ctxOf(ws), e.id);
      await settleWebhooks();
      let [d] = await deliveriesOf(e.id);
      expect(d!.status).toBe("delivered");
      expect(d!.lastResponse!.length).toBe(2048);
      mode = "nul";
      await sendTestEvent(ctxOf(ws), e.id);
      await settleWebhooks();
      expect((await deliveriesOf(e.id))[1]).toMatchObject({ status: "delivered", lastResponse: "abc" });
      mode = "silent";
      await sendTestEvent(ctxOf(ws), e.id);
      const started = Date.now();
      await settleWebhooks({ timeoutMs: 500 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await deliveriesOf(e.id))[2]).toMatchObject({ status: "queued", attempts: 1, lastError: "No answer within 0.5 s." });

      mode = "huge";
      if (!first.ok) throw new Error(first.error);
      const again = await redeliver(ctxOf(ws), first.id);
      expect(again).toMatchObject({ ok: true, status: "queued", attempts: 0 });
      expect(await redeliver(ctxOf(ws), first.id)).toMatchObject({ ok: false, error: expect.stringMatching(/still queued/) });
      await settleWebhooks();
      [d] = await deliveriesOf(e.id);
      expect(d).toMatchObject({ status: "delivered", attempts: 1 });
      const sent = rx.seen.filter((r) => r.id === d!.messageId);
      expect(sent).toHaveLength(2);
      expect(sent[0]!.body).toBe(sent[1]!.body);
      expect(await attemptsOf(d!.id)).toHaveLength(2);
    } finally {
      await rx.close();
    }
  });

  it("records contact_created, contact_updated and email_bounced and carries them as contact.created, contact.updated and email.bounced", async () => {
    const ws = await makeWorkspace();
    const rx = await startReceiver();
    try {
      const e = await endpointFor(ws, rx.url, ["contact.created", "contact.updated"]);
      const { upsertContacts } = await import("@/lib/contacts/upsert");
      const { saveProfile } = await import("@/lib/contacts/profile");
      const [made] = await db.transaction((tx) => upsertContacts(tx, ws.id, [{ email: "new@example.com", firstName: "Nia" }], { fillExisting: true }));
      await db.transaction((tx) => upsertContacts(tx, ws.id, [{ email: "new@example.com", firstName: "Other" }], { fillExisting: true })); // fills nothing: no change
      await db.transaction((tx) => upsertContacts(tx, ws.id, [{ email: "new@example.com", lastName: "Ng", tags: ["vip"] }], { fillExisting: true }));
      await saveProfile(ctxOf(ws), made!.contact.id, { firstName: "Nia", lastName: "Ng", phone: "", tags: ["vip"] }); // same again: no event
      await saveProfile(ctxOf(ws), made!.contact.id, { firstName: "Nina", lastName: "Ng", phone: "", tags: ["vip"] });
      await settleWebhooks();
      const got = rx.seen.map((r) => JSON.parse(r.body));
      // Sent in parallel: no order is promised (receivers order by the event's created_at).
      expect(got.map((b) => [b.type, b.data.event.data])).toHaveLength(3);
      expect(got.map((b) => [b.type, b.data.event.data])).toEqual(
        expect.arrayContaining([
          ["contact.created", {}],
          ["contact.updated", { changed: ["last_name", "tags"] }],
          ["contact.updated", { changed: ["first_name"] }],
        ]),
      );
      expect(got.every((b) => b.data.contact.id === made!.contact.id)).toBe(true);
      await db.update(webhookEndpoints).set({ eventTypes: ["email.bounced"] }).where(eq(webhookEndpoints.id, e.id));
      const { handleResendWebhook } = await import("@/lib/mail/webhooks");
      const { createHmac, randomUUID } = await import("node:crypto");
      const { env } = await import("@/lib/env");
      const [m] = await db
        .insert(emailMessages)
        .values({ workspaceId: ws.id, contactId: made!.contact.id, template: "welcome", toEmail: "new@example.com", fromEmail: "a@b.c", subject: "Hi", html: "", text: "", status: "sent", providerMessageId: `re_${randomUUID()}` })
        .returning();
      for (let i = 0; i < 2; i++) {
        const raw = JSON.stringify({ type: "email.bounced", data: { email_id: m!.providerMessageId, bounce: { type: "Permanent", message: "No such mailbox" } } });
        const id = `msg_${randomUUID()}`;
        const ts = String(Math.floor(Date.now() / 1000));
        const sig = createHmac("sha256", Buffer.from(env.RESEND_WEBHOOK_SECRET!.replace(/^whsec_/, ""), "base64")).update(`${id}.${ts}.${raw}`).digest("base64");
        expect((await handleResendWebhook(raw, new Headers({ "svix-id": id, "svix-timestamp": ts, "svix-signature": `v1,${sig}` }))).status).toBe(200);
      }
      await settleWebhooks();
      const bounced = rx.seen.slice(3).map((r) => JSON.parse(r.body));
      expect(bounced).toHaveLength(1);
      expect(bounced[0]).toMatchObject({ type: "email.bounced", data: { event: { data: { email_id: m!.id, template: "welcome", bounce_type: "Permanent", reason: "No such mailbox" } }, contact: { email: "new@example.com" } } });
      expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, ws.id))).toHaveLength(4);
    } finally {
      await rx.close();
    }
  });

  it("fans out within the dispatcher's transaction: events recorded straight in reach each endpoint once", async () => {
    const ws = await makeWorkspace();
    const rx = await startReceiver();
    try {
      const e = await endpointFor(ws, rx.url, ["group.joined"]);
      await db.transaction((tx) => recordEvents(tx, ws.id, Array.from({ length: 30 }, () => ({ type: "group_joined", contactId: null, data: { groupId: "g" } }))));
      await settleWebhooks();
      const ds = await deliveriesOf(e.id);
      expect(ds).toHaveLength(30);
      expect(ds.every((d) => d.status === "delivered")).toBe(true);
      expect(new Set(rx.seen.map((r) => r.id)).size).toBe(30);
      expect(rx.seen).toHaveLength(30);
    } finally {
      await rx.close();
    }
  });

  it(`keeps finished deliveries and their attempts ${KEEP_DAYS} days, queued ones however old`, async () => {
    const ws = await makeWorkspace();
    const rx = await startReceiver();
    try {
      const e = await endpointFor(ws, rx.url);
      const old = await sendTestEvent(ctxOf(ws), e.id);
      const recent = await sendTestEvent(ctxOf(ws), e.id);
      await settleWebhooks();
      const waiting = await sendTestEvent(ctxOf(ws), e.id);
      if (!old.ok || !recent.ok || !waiting.ok) throw new Error("not queued");
      await db.update(webhookDeliveries).set({ updatedAt: sql`now() - interval '31 days'` }).where(sql`${webhookDeliveries.id} in (${old.id}, ${waiting.id})`);
      expect(await pruneWebhookHistory()).toBeGreaterThanOrEqual(1);
      expect((await deliveriesOf(e.id)).map((d) => d.id).sort()).toEqual([recent.id, waiting.id].sort());
      expect(await attemptsOf(old.id)).toEqual([]);
    } finally {
      await rx.close();
    }
  });
});
