import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { db, dbHandle } from "@/db/client";
import { contacts, customTemplates, emailMessages, events, groupMemberships, groups, offerGrants, offers, workflows, workflowVersions, type Offer, type Workspace } from "@/db/schema";
import { grantOffer, revokeOffer } from "@/lib/access/grant-offer";
import { recordEvents } from "@/lib/access/events";
import type { Ctx } from "@/lib/context";
import { unseal } from "@/lib/mail/sealed";
import { addTag } from "@/lib/contacts/tags";
import { makeContact, makeWorkspace, reload, request } from "@/test/fixtures";
import { MAX_CHAIN_RUNS } from "./definitions";
import { chainError, dispatchAll } from "./dispatch";
import { disable, dueNow, publish as publishIn, runsOf, settle, stepsOf } from "./testing";
import { PER_HOST } from "./steps/webhook";
import { workspaceWebhookSecret } from "./webhook-secret";

let ws: Workspace;
let ctx: Ctx;
let offer: Offer;
let other: Offer;
let groupId: string;
let templateId: string;
const publish = (def: Parameters<typeof publishIn>[1]) => publishIn(ws, def);

const grant = (contactId: string, o = offer) => db.transaction((tx) => grantOffer(tx, ctx, { contactIds: [contactId], offer: o, source: "admin", welcome: false }));
beforeAll(async () => {
  ws = await makeWorkspace("wf-engine");
  ctx = { workspace: ws, actor: { type: "system" }, request };
  [offer, other] = await db
    .insert(offers)
    .values([
      { workspaceId: ws.id, title: "Gold", slug: "gold", status: "published" },
      { workspaceId: ws.id, title: "Silver", slug: "silver", status: "published" },
    ])
    .returning() as [Offer, Offer];
  const [g] = await db.insert(groups).values({ workspaceId: ws.id, name: "Members", slug: "members" }).returning();
  groupId = g!.id;
  const [t] = await db
    .insert(customTemplates)
    .values({ workspaceId: ws.id, name: "Welcome aboard", subject: "Welcome to {{offer.title}}", body: "Hi {{contact.first_name}}, sign in: {{login_url}}" })
    .returning();
  templateId = t!.id;
});

describe("workflows (SPEC §8)", () => {
  it("Offer Access Granted → send email → add to group: one run per event, each step once, the email with its own login link", async () => {
    const wf = await publish({
      trigger: "offer_access_granted",
      filter: { offerId: offer.id },
      steps: [
        { type: "send_email", config: { templateId } },
        { type: "add_to_group", config: { groupId } },
      ],
    });
    const [a, b, c] = await Promise.all([makeContact(ws, { firstName: "Ada" }), makeContact(ws), makeContact(ws)]);
    await grant(a!.id);
    await grant(b!.id);
    await grant(c!.id, other); // another offer: filtered out
    await settle();
    await settle(); // nothing is run twice by a second pass

    const runs = await runsOf(wf.id);
    expect(runs.map((r) => [r.contactId, r.status])).toEqual(expect.arrayContaining([[a!.id, "completed"], [b!.id, "completed"]]));
    expect(runs).toHaveLength(2);
    const steps = await stepsOf(runs.find((r) => r.contactId === a!.id)!.id);
    expect(steps.map((s) => [s.stepIndex, s.type, s.status, s.attempt])).toEqual([
      [0, "send_email", "succeeded", 1],
      [1, "add_to_group", "succeeded", 1],
    ]);
    const [email] = await db.select().from(emailMessages).where(eq(emailMessages.idempotencyKey, steps[0]!.key));
    expect(email?.toEmail).toBe(a!.email);
    expect(email?.subject).toBe("Welcome to Gold");
    expect(unseal(email!.text)).toMatch(/Hi Ada, sign in: http\S+\/l\//);
    const members = await db.select().from(groupMemberships).where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.contactId, a!.id)));
    expect(members).toHaveLength(1);
    expect((await db.select().from(emailMessages).where(eq(emailMessages.contactId, a!.id))).length).toBe(1);
    await disable(wf.id);
  });

  it("runs at the same step go together; when one of them cannot, the others still go on and that one fails with the reason", async () => {
    const wf = await publish({ trigger: "contact_invited", steps: [{ type: "add_tag", config: { tag: "invited" } }, { type: "add_to_group", config: { groupId } }] });
    const people = await Promise.all([makeContact(ws), makeContact(ws), makeContact(ws)]);
    await db.transaction((tx) => recordEvents(tx, ws.id, people.map((p) => ({ type: "contact_invited", contactId: p.id, data: {} }))));
    await dispatchAll();
    // The third contact is deleted before the run gets to it.
    await db.delete(contacts).where(eq(contacts.id, people[2]!.id));
    await settle();
    const runs = await runsOf(wf.id);
    expect(runs.map((r) => r.status).sort()).toEqual(["completed", "completed", "failed"]);
    expect(runs.find((r) => r.status === "failed")!.error).toBe("The contact was deleted.");
    for (const p of people.slice(0, 2)) expect((await reload(p)).tags).toEqual(["invited"]);
    await disable(wf.id);
  });

  it("a run finishes on the version it started on; edits publish a new version for new runs", async () => {
    const wf = await publish({ trigger: "offer_access_granted", filter: { offerId: offer.id }, steps: [{ type: "wait", config: { amount: 1, unit: "hours" } }, { type: "add_to_group", config: { groupId } }] });
    const first = await makeContact(ws);
    await grant(first.id);
    await settle();
    const [run] = await runsOf(wf.id);
    expect(run).toMatchObject({ status: "waiting", version: 1, currentStep: 0 });
    expect(run!.resumeAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);

    // v2 drops the group step and tags nobody: the waiting run still adds to the group (v1).
    const v2 = { name: "Test workflow", trigger: "offer_access_granted", filter: { offerId: offer.id }, steps: [{ type: "wait", config: { amount: 1, unit: "minutes" } }], stopWhen: [] };
    await db.insert(workflowVersions).values({ workspaceId: ws.id, workflowId: wf.id, version: 2, ...v2 });
    await db.update(workflows).set({ ...v2, version: 2 }).where(eq(workflows.id, wf.id));
    const second = await makeContact(ws);
    await grant(second.id);
    await dueNow(run!.id);
    await settle();
    const runs = await runsOf(wf.id);
    expect(runs.map((r) => [r.contactId, r.version, r.status])).toEqual([
      [first.id, 1, "completed"],
      [second.id, 2, "waiting"],
    ]);
    expect(await db.select().from(groupMemberships).where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.contactId, first.id)))).toHaveLength(1);
    const waitSteps = await stepsOf(run!.id);
    expect(waitSteps.map((s) => [s.type, s.status])).toEqual([
      ["wait", "succeeded"],
      ["add_to_group", "succeeded"],
    ]);
    await disable(wf.id);
  });

  it("stop when: revoking the offer during the wait ends the run before the reminder", async () => {
    const wf = await publish({
      trigger: "offer_access_granted",
      filter: { offerId: offer.id },
      steps: [{ type: "wait", config: { amount: 2, unit: "days" } }, { type: "send_email", config: { templateId } }],
      stopWhen: [{ type: "offer_revoked" }],
    });
    const kept = await makeContact(ws);
    const revoked = await makeContact(ws);
    await grant(kept.id);
    await grant(revoked.id);
    await settle();
    await db.transaction((tx) => revokeOffer(tx, ctx, { contactId: revoked.id, offerId: offer.id }));
    await settle(); // the dispatcher sees the revocation
    const runs = await runsOf(wf.id);
    const stopped = runs.find((r) => r.contactId === revoked.id)!;
    expect(stopped.status).toBe("stopped");
    expect(stopped.error).toMatch(/no longer has the offer/);
    for (const r of runs) await dueNow(r.id);
    await settle();
    expect((await runsOf(wf.id)).find((r) => r.contactId === kept.id)!.status).toBe("completed");
    expect(await db.select().from(emailMessages).where(eq(emailMessages.contactId, revoked.id))).toHaveLength(0);
    expect(await db.select().from(emailMessages).where(eq(emailMessages.contactId, kept.id))).toHaveLength(1);
    await disable(wf.id);
  });

  it("loop guard: two workflows that trigger each other stop after a bounded chain, with the reason", async () => {
    const w1 = await publish({ name: "Revoke Silver", trigger: "offer_access_granted", filter: { offerId: other.id }, steps: [{ type: "revoke_offer", config: { offerId: other.id } }] });
    const w2 = await publish({ name: "Grant Silver back", trigger: "offer_access_removed", filter: { offerId: other.id }, steps: [{ type: "grant_offer", config: { offerId: other.id } }] });
    const c = await makeContact(ws);
    await grant(c.id, other);
    await settle();
    const runs = [...(await runsOf(w1.id)), ...(await runsOf(w2.id))].sort((x, y) => x.depth - y.depth);
    expect(runs.map((r) => r.depth)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(runs.slice(0, 5).every((r) => r.status === "completed")).toBe(true);
    expect(runs[5]).toMatchObject({ status: "failed", error: expect.stringMatching(/prevent a loop/) });
    const grants = await db.select().from(offerGrants).where(and(eq(offerGrants.contactId, c.id), eq(offerGrants.offerId, other.id)));
    expect(grants).toHaveLength(3); // granted, revoked, granted, revoked, granted: then the chain stopped
    await disable(w1.id);
    await disable(w2.id);
  });

  it("loop guard: workflows that branch into each other are stopped by the chain's budget, not only by its depth", async () => {
    let calls = 0;
    const receiver = createServer((_req, res) => {
      calls++;
      res.end("ok");
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    try {
      // Each run (one by one: a provider step first) re-adds its tag, which starts all three again.
      const wfs = await Promise.all(
        [1, 2, 3].map((i) =>
          publish({
            name: `Branch ${i}`,
            trigger: "tag_added",
            steps: [
              { type: "call_webhook", config: { url } },
              { type: "remove_tag", config: { tag: `branch-${i}` } },
              { type: "add_tag", config: { tag: `branch-${i}` } },
            ],
          }),
        ),
      );
      const c = await makeContact(ws);
      await db.transaction((tx) => addTag(tx, ws.id, [c.id], "start"));
      await settle();
      const runs = (await Promise.all(wfs.map((w) => runsOf(w.id)))).flat();
      const completed = runs.filter((r) => r.status === "completed");
      expect(completed.length).toBeLessThanOrEqual(3 + MAX_CHAIN_RUNS);
      expect(completed.length).toBeGreaterThan(3 * 9); // it did branch before the budget stopped it
      expect(runs.some((r) => r.status === "failed" && r.error === chainError())).toBe(true);
      expect(runs.filter((r) => r.status === "failed").every((r) => /prevent a loop/.test(r.error ?? ""))).toBe(true);
      expect(calls).toBe(completed.length);
      for (const w of wfs) await disable(w.id);
    } finally {
      receiver.close();
    }
  });

  it("a webhook host that never answers holds at most PER_HOST lanes: other runs go on meanwhile", async () => {
    const hanging = new Set<import("node:net").Socket>();
    let open = 0;
    let most = 0;
    const tarpit = createServer((req) => {
      open++;
      most = Math.max(most, open);
      hanging.add(req.socket);
      req.socket.on("close", () => open--);
    });
    await new Promise<void>((r) => tarpit.listen(0, "127.0.0.1", r));
    const slow = await publish({ name: "Slow hook", trigger: "tag_added", filter: { tag: "slow" }, steps: [{ type: "call_webhook", config: { url: `http://127.0.0.1:${(tarpit.address() as AddressInfo).port}/` } }] });
    const quick = await publish({ name: "Quick", trigger: "tag_added", filter: { tag: "quick" }, steps: [{ type: "add_tag", config: { tag: "done" } }] });
    const people = await Promise.all(Array.from({ length: 12 }, () => makeContact(ws)));
    await db.transaction((tx) => recordEvents(tx, ws.id, people.map((p) => ({ type: "tag_added", contactId: p.id, data: { tag: "slow" } }))));
    const settling = settle();
    for (let i = 0; i < 100 && open < PER_HOST; i++) await new Promise((r) => setTimeout(r, 50));
    expect(open).toBe(PER_HOST); // the slow host holds its lanes…
    // …and a run of another workflow, arriving now, goes through a free lane (the engine dispatches on its own loop).
    const c = await makeContact(ws);
    await db.transaction((tx) => recordEvents(tx, ws.id, [{ type: "tag_added", contactId: c.id, data: { tag: "quick" } }]));
    await dispatchAll();
    const deadline = Date.now() + 5000;
    while ((await runsOf(quick.id))[0]?.status !== "completed" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await runsOf(quick.id))[0]?.status).toBe("completed");
    expect(most).toBe(PER_HOST);
    // Let the slow calls fail (a cut connection: retried later) so the engine settles.
    await disable(slow.id);
    const cut = setInterval(() => hanging.forEach((s) => s.destroy()), 50);
    await settling;
    clearInterval(cut);
    tarpit.close();
    expect((await runsOf(slow.id)).every((r) => r.status === "retrying")).toBe(true);
    await disable(quick.id);
  });

  it("call webhook: signed (Standard Webhooks), retried after a 500 under the same webhook-id, then done", async () => {
    const seen: { id: string; body: string; ok: boolean }[] = [];
    let answers = [500, 200];
    const receiver: Server = createServer(async (req: IncomingMessage, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      const secret = await workspaceWebhookSecret(db, ws.id);
      let ok = true;
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch {
        ok = false;
      }
      seen.push({ id: String(req.headers["webhook-id"]), body, ok });
      res.statusCode = answers.shift() ?? 200;
      res.end("thanks");
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const wf = await publish({ trigger: "tag_added", filter: { tag: "vip" }, steps: [{ type: "call_webhook", config: { url } }] });
      const c = await makeContact(ws);
      await db.transaction((tx) => recordEvents(tx, ws.id, [{ type: "tag_added", contactId: c.id, data: { tag: "VIP" } }]));
      await settle();
      const [run] = await runsOf(wf.id);
      expect(run!.status).toBe("retrying");
      expect(run!.error).toMatch(/answered 500/);
      await dueNow(run!.id);
      await settle();
      const steps = await stepsOf(run!.id);
      expect(steps.map((s) => [s.attempt, s.status, s.output.status])).toEqual([
        [1, "retrying", 500],
        [2, "succeeded", 200],
      ]);
      expect(seen).toHaveLength(2);
      expect(seen.every((s) => s.ok)).toBe(true);
      expect(new Set(seen.map((s) => s.id))).toEqual(new Set([steps[0]!.key]));
      expect(JSON.parse(seen[1]!.body)).toMatchObject({ type: "workflow.tag_added", data: { contact: { email: c.email }, event: { data: { tag: "VIP" } } } });
      expect((await runsOf(wf.id))[0]!.status).toBe("completed");

      // A 4xx fails the run at once, with the reason.
      answers = [404];
      const d = await makeContact(ws);
      await db.transaction((tx) => recordEvents(tx, ws.id, [{ type: "tag_added", contactId: d.id, data: { tag: "vip" } }]));
      await settle();
      const failed = (await runsOf(wf.id)).find((r) => r.contactId === d.id)!;
      expect(failed).toMatchObject({ status: "failed", error: "The webhook answered 404." });
      await disable(wf.id);
    } finally {
      receiver.close();
    }
  });

  it("tag and group steps change the contact through the same functions as the dashboard, with their events", async () => {
    const wf = await publish({
      trigger: "tag_added",
      filter: { tag: "graduate" },
      steps: [
        { type: "remove_from_group", config: { groupId } },
        { type: "add_tag", config: { tag: "alumni" } },
        { type: "remove_tag", config: { tag: "graduate" } },
      ],
    });
    const c = await makeContact(ws);
    await db.insert(groupMemberships).values({ workspaceId: ws.id, groupId, contactId: c.id });
    await db.transaction((tx) => addTag(tx, ws.id, [c.id], "graduate"));
    await settle();
    const [run] = await runsOf(wf.id);
    expect(run!.status).toBe("completed");
    expect((await reload(c)).tags).toEqual(["alumni"]);
    expect(await db.select().from(groupMemberships).where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.contactId, c.id)))).toHaveLength(0);
    const written = await db.select({ type: events.type, data: events.data }).from(events).where(eq(events.contactId, c.id)).orderBy(events.seq);
    expect(written.map((e) => [e.type, (e.data.cause as { runId?: string } | undefined)?.runId ?? null])).toEqual([
      ["tag_added", null],
      ["contact_updated", null],
      ["group_left", run!.id],
      ["tag_added", run!.id],
      ["contact_updated", run!.id],
      ["tag_removed", run!.id],
      ["contact_updated", run!.id],
    ]);
    await disable(wf.id);
  });

  it.skipIf(dbHandle().kind === "pglite")("an event whose transaction commits after a later one's is still dispatched", async () => {
    const wf = await publish({ trigger: "contact_invited", steps: [{ type: "add_to_group", config: { groupId } }] });
    const [early, late] = await Promise.all([makeContact(ws), makeContact(ws)]);
    let releaseEarly!: () => void;
    const held = new Promise<void>((r) => (releaseEarly = r));
    let recorded!: () => void;
    const earlyRecorded = new Promise<void>((r) => (recorded = r));
    const earlyTx = db.transaction(async (tx) => {
      await recordEvents(tx, ws.id, [{ type: "contact_invited", contactId: early.id, data: {} }]);
      recorded();
      await held; // commits last, with the smaller seq
    });
    await earlyRecorded;
    await db.transaction((tx) => recordEvents(tx, ws.id, [{ type: "contact_invited", contactId: late.id, data: {} }]));
    await settle();
    expect((await runsOf(wf.id)).map((r) => r.contactId)).toEqual([late.id]);
    releaseEarly();
    await earlyTx;
    await settle();
    const runs = await runsOf(wf.id);
    expect(runs.map((r) => r.contactId).sort()).toEqual([early.id, late.id].sort());
    expect(runs.every((r) => r.status === "completed")).toBe(true);
    const seqs = await db.execute(sql`select count(*)::int as n from event_queue`);
    expect(seqs).toBeDefined();
    await disable(wf.id);
  });
});
