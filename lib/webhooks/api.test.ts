/**
 * /api/v1/webhook-endpoints over real HTTP (issue 16): every operation with a key, 403 without
 * `webhooks:manage`, 404 for another workspace's endpoint and delivery ids.
 */
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { webhookDeliveries, webhookEndpoints, type Workspace } from "@/db/schema";
import { createApiKey } from "@/lib/api/keys";
import { webhookOps } from "@/lib/api/ops/webhooks";
import { SCOPE_NAMES, type Scope } from "@/lib/api/scopes";
import { call } from "@/test/api-http";
import { makeWorkspace, request } from "@/test/fixtures";
import { settleWebhooks, startReceiver } from "./testing";

const ctxOf = (workspace: Workspace) => ({ workspace, actor: { type: "system" as const }, request });
const keyFor = async (w: Workspace, scopes: Scope[] = ["webhooks:manage"]) => (await createApiKey(ctxOf(w), { name: "Webhooks", scopes })).key;

let a: Workspace;
let b: Workspace;
let keyA: string;
let keyB: string;
beforeAll(async () => {
  a = await makeWorkspace();
  b = await makeWorkspace();
  keyA = await keyFor(a);
  keyB = await keyFor(b);
});

describe("/api/v1/webhook-endpoints (issue 16)", () => {
  it("create (201, secret once), list, get, update, test, deliveries, a delivery, redeliver, rotate, delete", async () => {
    const rx = await startReceiver();
    try {
      const made = await call(webhookOps.createEndpoint, { key: keyA, body: { url: rx.url, event_types: ["contact.created", "group.joined"], description: "CRM" } });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ url: rx.url, event_types: ["contact.created", "group.joined"], description: "CRM", enabled: true, secret: expect.stringMatching(/^whsec_/) });
      const id = made.body.id as string;
      const secret = made.body.secret as string;

      const bad = await call(webhookOps.createEndpoint, { key: keyA, body: { url: "ftp://x.example.com", event_types: ["nope"], extra: 1 } });
      expect(bad.status).toBe(422);
      expect(bad.headers.get("content-type")).toBe("application/problem+json");
      expect(bad.body.errors).toMatchObject({ url: "The URL must start with https://.", "event_types.0": "Choose from the listed event types." });

      const list = await call(webhookOps.listEndpoints, { key: keyA });
      expect(list.status).toBe(200);
      expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([id]);
      expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));
      const got = await call(webhookOps.getEndpoint, { key: keyA, params: { id } });
      expect(got.body).toMatchObject({ id, consecutive_failures: 0, failing_since: null });
      expect(got.body).not.toHaveProperty("secret");

      const patched = await call(webhookOps.updateEndpoint, { key: keyA, params: { id }, body: { event_types: ["group.left"], enabled: false } });
      expect(patched).toMatchObject({ status: 200, body: { event_types: ["group.left"], enabled: false, description: "CRM" } });
      const on = await call(webhookOps.updateEndpoint, { key: keyA, params: { id }, body: { enabled: true } });
      expect(on.body.enabled).toBe(true);

      const test = await call(webhookOps.sendTest, { key: keyA, params: { id } });
      expect(test).toMatchObject({ status: 202, body: { status: "queued", type: "webhook.test", event_id: null } });
      await settleWebhooks();
      expect(rx.seen).toHaveLength(1);
      new Webhook(secret).verify(rx.seen[0]!.body, rx.seen[0]!.headers as Record<string, string>);

      const page = await call(webhookOps.listDeliveries, { key: keyA, params: { id }, query: { limit: 10 } });
      expect(page).toMatchObject({ status: 200, body: { data: [{ id: test.body.id, status: "delivered", attempts: 1, last_status: 200, webhook_id: rx.seen[0]!.id }], next: null } });
      expect((await call(webhookOps.listDeliveries, { key: keyA, params: { id }, query: { after: "garbage" } })).status).toBe(422);
      const one = await call(webhookOps.getDelivery, { key: keyA, params: { id, delivery: test.body.id } });
      expect(one).toMatchObject({ status: 200, body: { request_body: rx.seen[0]!.body, attempt_log: [{ attempt: 1, status: 200, request_headers: { "webhook-id": rx.seen[0]!.id } }] } });
      expect(one.body.attempt_log[0].request_headers).not.toHaveProperty("webhook-signature");

      const again = await call(webhookOps.redeliver, { key: keyA, params: { id, delivery: test.body.id } });
      expect(again).toMatchObject({ status: 202, body: { status: "queued", attempts: 0 } });
      expect((await call(webhookOps.redeliver, { key: keyA, params: { id, delivery: test.body.id } })).status).toBe(409);
      await settleWebhooks();
      expect(rx.seen.map((r) => r.id)).toEqual([rx.seen[0]!.id, rx.seen[0]!.id]);

      const rotated = await call(webhookOps.rotateSecret, { key: keyA, params: { id } });
      expect(rotated).toMatchObject({ status: 200, body: { secret: expect.stringMatching(/^whsec_/), previous_secret_expires_at: expect.any(String) } });
      expect(rotated.body.secret).not.toBe(secret);

      const gone = await call(webhookOps.deleteEndpoint, { key: keyA, params: { id } });
      expect(gone.status).toBe(204);
      expect(await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id))).toEqual([]);
      expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id))).toEqual([]);
      expect((await call(webhookOps.getEndpoint, { key: keyA, params: { id } })).status).toBe(404);
    } finally {
      await rx.close();
    }
  });

  it("a key without webhooks:manage gets 403 on every operation; another workspace's ids are 404 and change nothing", async () => {
    const theirs = await call(webhookOps.createEndpoint, { key: keyB, body: { url: "https://hooks.example.com/b", event_types: ["group.left"], enabled: false } });
    const id = theirs.body.id as string;
    const test = await call(webhookOps.sendTest, { key: keyB, params: { id } });
    const delivery = test.body.id as string;
    const noScope = await keyFor(a, SCOPE_NAMES.filter((s) => s !== "webhooks:manage"));
    const params = { id, delivery };
    const cases = [
      [webhookOps.listEndpoints, undefined],
      [webhookOps.createEndpoint, { url: "https://hooks.example.com/a", event_types: ["group.left"] }],
      [webhookOps.getEndpoint, undefined],
      [webhookOps.updateEndpoint, { enabled: true }],
      [webhookOps.deleteEndpoint, undefined],
      [webhookOps.rotateSecret, undefined],
      [webhookOps.listDeliveries, undefined],
      [webhookOps.getDelivery, undefined],
      [webhookOps.redeliver, undefined],
      [webhookOps.sendTest, undefined],
    ] as const;
    for (const [op, body] of cases) {
      const r = await call(op, { key: noScope, params, body });
      expect([op.id, r.status, r.body.detail]).toEqual([op.id, 403, expect.stringContaining("webhooks:manage")]);
      if (op.path.includes("{id}")) {
        const foreign = await call(op, { key: keyA, params, body });
        expect([op.id, foreign.status]).toEqual([op.id, 404]);
      }
    }
    // A's own endpoint with B's delivery id is 404 too.
    const mine = await call(webhookOps.createEndpoint, { key: keyA, body: { url: "https://hooks.example.com/a", event_types: ["group.left"], enabled: false } });
    expect((await call(webhookOps.getDelivery, { key: keyA, params: { id: mine.body.id, delivery } })).status).toBe(404);
    expect((await call(webhookOps.redeliver, { key: keyA, params: { id: mine.body.id, delivery } })).status).toBe(404);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(row).toMatchObject({ url: "https://hooks.example.com/b", enabled: false, previousSecret: null });
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id))).toHaveLength(1);
    expect((await call(webhookOps.listEndpoints, { key: keyA })).body.data.map((e: { id: string }) => e.id)).toEqual([mine.body.id]);
  });
});
