import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, rowsOf } from "@/db/client";
import { auditEntries, webhookDeliveries, webhookEndpoints, type Workspace } from "@/db/schema";
import { makeWorkspace, request } from "@/test/fixtures";
import { getDelivery, listDeliveries, redeliver, sendTestEvent } from "./deliveries";
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, MAX_ENDPOINTS, rotateEndpointSecret, setEndpointEnabled, updateEndpoint } from "./endpoints";
import { WEBHOOK_EVENT_TYPE_NAMES, WEBHOOK_EVENT_TYPES } from "./event-types";
import { settleWebhooks, startReceiver } from "./testing";

const ctxOf = (workspace: Workspace) => ({ workspace, actor: { type: "system" as const }, request });

describe("webhook endpoints (issue 16)", () => {
  it("validates what is saved: a URL outbound rules allow, at least one known event type, a short description", async () => {
    const ws = await makeWorkspace();
    expect(await createEndpoint(ctxOf(ws), { url: "ftp://example.com/x", eventTypes: ["contact.created"] })).toMatchObject({ ok: false, fieldErrors: { url: "The URL must start with https://." } });
    expect(await createEndpoint(ctxOf(ws), { url: "https://user:pw@example.com/x", eventTypes: ["contact.created"] })).toMatchObject({ ok: false, fieldErrors: { url: expect.stringMatching(/credentials/) } });
    expect(await createEndpoint(ctxOf(ws), { url: "https://example.com/x", eventTypes: [] })).toMatchObject({ ok: false, fieldErrors: { eventTypes: "Choose at least one event type." } });
    expect(await createEndpoint(ctxOf(ws), { url: "https://example.com/x", eventTypes: ["contact_created" as never] })).toMatchObject({ ok: false, fieldErrors: { eventTypes: "Choose from the listed event types." } });
    expect(await createEndpoint(ctxOf(ws), { url: "https://example.com/x", eventTypes: ["contact.created"], description: "d".repeat(201) })).toMatchObject({ ok: false, fieldErrors: { description: expect.stringMatching(/200/) } });
    expect(await listEndpoints(ws.id)).toEqual([]);
    // Every public type has a label and a description, and maps to one internal type.
    for (const t of WEBHOOK_EVENT_TYPE_NAMES) expect(WEBHOOK_EVENT_TYPES[t].label.length * WEBHOOK_EVENT_TYPES[t].description.length).toBeGreaterThan(0);
    expect(new Set(Object.values(WEBHOOK_EVENT_TYPES).map((t) => t.internal)).size).toBe(WEBHOOK_EVENT_TYPE_NAMES.length);
  });

  it("shows the secret once, stores it sealed, never returns it again; audits every change; caps endpoints per workspace", async () => {
    const ws = await makeWorkspace();
    const made = await createEndpoint(ctxOf(ws), { url: "https://hooks.example.com/portico", eventTypes: ["contact.created", "contact.created", "group.left"], description: "CRM" });
    if (!made.ok) throw new Error(made.error);
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(made.eventTypes).toEqual(["contact.created", "group.left"]);
    const dump = JSON.stringify(await rowsOf(db, sql`select * from webhook_endpoints`));
    expect(dump).not.toContain(made.secret.slice(6));
    const shown = JSON.stringify([await getEndpoint(ws.id, made.id), await listEndpoints(ws.id), await updateEndpoint(ctxOf(ws), made.id, { description: "CRM 2" })]);
    expect(shown).not.toContain(made.secret.slice(6));
    expect(shown).not.toMatch(/"secret"|previousSecret"/);
    const rotated = await rotateEndpointSecret(ctxOf(ws), made.id);
    if (!rotated.ok) throw new Error(rotated.error);
    expect(rotated.secret).not.toBe(made.secret);
    expect(await getEndpoint(ws.id, made.id)).toMatchObject({ description: "CRM 2", previousSecretExpiresAt: rotated.previousSecretExpiresAt });
    expect(JSON.stringify(await rowsOf(db, sql`select * from webhook_endpoints`))).not.toContain(rotated.secret.slice(6));
    expect(JSON.stringify(await db.select().from(auditEntries).where(eq(auditEntries.workspaceId, ws.id)))).not.toContain(rotated.secret.slice(6));
    expect(await deleteEndpoint(ctxOf(ws), made.id)).toEqual({ ok: true });
    const actions = (await db.select().from(auditEntries).where(eq(auditEntries.workspaceId, ws.id))).map((a) => a.action).sort();
    expect(actions).toEqual(["webhook_endpoint.created", "webhook_endpoint.deleted", "webhook_endpoint.secret_rotated", "webhook_endpoint.updated"]);

    await Promise.all(Array.from({ length: MAX_ENDPOINTS + 3 }, (_, i) => createEndpoint(ctxOf(ws), { url: `https://hooks.example.com/${i}`, eventTypes: ["group.left"] })));
    expect(await listEndpoints(ws.id)).toHaveLength(MAX_ENDPOINTS);
    expect(await createEndpoint(ctxOf(ws), { url: "https://hooks.example.com/more", eventTypes: ["group.left"] })).toMatchObject({ ok: false, error: expect.stringMatching(/at most 20/) });
  });

  it("another workspace's endpoint and delivery ids are not found by any function, and nothing of them changes", async () => {
    const ws = await makeWorkspace();
    const other = await makeWorkspace();
    const rx = await startReceiver();
    try {
      const theirs = await createEndpoint(ctxOf(other), { url: rx.url, eventTypes: ["contact.created"] });
      if (!theirs.ok) throw new Error(theirs.error);
      const test = await sendTestEvent(ctxOf(other), theirs.id);
      if (!test.ok) throw new Error(test.error);
      await settleWebhooks();
      const me = ctxOf(ws);
      expect(await getEndpoint(ws.id, theirs.id)).toBeNull();
      expect(await listEndpoints(ws.id)).toEqual([]);
      for (const r of [
        await updateEndpoint(me, theirs.id, { url: "https://evil.example.com/" }),
        await setEndpointEnabled(me, theirs.id, false),
        await rotateEndpointSecret(me, theirs.id),
        await deleteEndpoint(me, theirs.id),
        await sendTestEvent(me, theirs.id),
        await redeliver(me, test.id),
        await redeliver(me, "not-a-uuid"),
      ])
        expect(r).toMatchObject({ ok: false, notFound: true });
      expect(await listDeliveries(ws.id, theirs.id)).toBeNull();
      expect(await getDelivery(ws.id, test.id)).toBeNull();
      expect(await getDelivery(other.id, test.id, "00000000-0000-4000-8000-000000000000")).toBeNull();
      const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, theirs.id));
      expect(row).toMatchObject({ url: rx.url, enabled: true, previousSecret: null });
      expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, theirs.id))).toHaveLength(1);
      expect(rx.seen).toHaveLength(1);
      // Their own view works.
      expect(await getDelivery(other.id, test.id, theirs.id)).toMatchObject({ status: "delivered", attemptLog: [{ attempt: 1, status: 200 }] });
    } finally {
      await rx.close();
    }
  });

  it("lists deliveries newest first with a stable cursor while more are added", async () => {
    const ws = await makeWorkspace();
    const e = await createEndpoint(ctxOf(ws), { url: "https://hooks.example.com/x", eventTypes: ["group.left"], enabled: false });
    if (!e.ok) throw new Error(e.error);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const t = await sendTestEvent(ctxOf(ws), e.id);
      if (t.ok) ids.push(t.id);
    }
    const seen: string[] = [];
    let after: string | undefined;
    let added = false;
    for (;;) {
      const page = await listDeliveries(ws.id, e.id, { limit: 3, after });
      if (!page || "badCursor" in page) throw new Error("no page");
      seen.push(...page.data.map((d) => d.id));
      if (!added) {
        added = true;
        await sendTestEvent(ctxOf(ws), e.id); // newer than the cursor: not in this walk
      }
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual([...ids].reverse());
    expect(await listDeliveries(ws.id, e.id, { after: "zzz" })).toEqual({ badCursor: true });
  });
});
