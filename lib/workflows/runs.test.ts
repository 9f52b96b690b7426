import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEntries, authTokens, contacts, customTemplates, emailMessages, events, groupMemberships, groups, offerGrants, offers, smsMessages, workflowRuns, type Offer, type Workspace } from "@/db/schema";
import { grantOffer } from "@/lib/access/grant-offer";
import type { Ctx } from "@/lib/context";
import { drainOutbox } from "@/lib/mail/deliver";
import { unseal } from "@/lib/mail/sealed";
import { makeResendTransport } from "@/lib/mail/transports/resend";
import { startFakeResend, type FakeResend } from "@/test/fake-resend";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { workflowSchema } from "./definitions";
import { cancelRun, getRun, listRuns, retryRun, skipStep } from "./runs";
import { testRun } from "./test-run";
import { disable, dueNow, publish, runsOf, settle, stepsOf } from "./testing";

let ws: Workspace;
let ctx: Ctx;
let offer: Offer;
let groupId: string;
let templateId: string;
let fake: FakeResend;

const grant = (contactId: string) => db.transaction((tx) => grantOffer(tx, ctx, { contactIds: [contactId], offer, source: "admin", welcome: false }));

beforeAll(async () => {
  ws = await makeWorkspace("wf-runs");
  ctx = { workspace: ws, actor: { type: "system" }, request };
  [offer] = (await db.insert(offers).values({ workspaceId: ws.id, title: "Gold", slug: "gold", status: "published" }).returning()) as [Offer];
  const [g] = await db.insert(groups).values({ workspaceId: ws.id, name: "Members", slug: "members" }).returning();
  groupId = g!.id;
  const [t] = await db.insert(customTemplates).values({ workspaceId: ws.id, name: "Hello", subject: "Hello {{contact.first_name}}", body: "Your link: {{login_url}}" }).returning();
  templateId = t!.id;
  fake = await startFakeResend();
});
afterAll(() => fake.close());

describe("workflow SMS, dashboard actions and test runs", () => {
  it("Send SMS: the login URL in the text, one message per step however often it runs; a contact who replied STOP is skipped", async () => {
    const wf = await publish(ws, { trigger: "offer_access_granted", steps: [{ type: "send_sms", config: { body: "Hi {{contact.first_name}}, your course: {{login_url}}" } }, { type: "add_to_group", config: { groupId } }] });
    const texted = await makeContact(ws, { firstName: "Sam" });
    const stopped = await makeContact(ws);
    await db.update(contacts).set({ phone: "+14155550123" }).where(eq(contacts.id, texted.id));
    await db.update(contacts).set({ phone: "+14155550124", smsOptedOutAt: new Date() }).where(eq(contacts.id, stopped.id));
    await grant(texted.id);
    await grant(stopped.id);
    await settle();
    const runs = await runsOf(wf.id);
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed"]);
    const [sms] = await db.select().from(smsMessages).where(eq(smsMessages.contactId, texted.id));
    expect(sms).toMatchObject({ toPhone: "+14155550123", status: "sent", transport: "dev" });
    expect(unseal(sms!.body)).toMatch(/^Hi Sam, your course: http\S+\/l\/\S+$/);
    const skipped = await stepsOf(runs.find((r) => r.contactId === stopped.id)!.id);
    expect(skipped.map((s) => [s.type, s.status, s.error])).toEqual([
      ["send_sms", "skipped", "The contact replied STOP: SMS is off for them."],
      ["add_to_group", "succeeded", null],
    ]);
    // Retrying the run's SMS step sends nothing new.
    const done = runs.find((r) => r.contactId === texted.id)!;
    await db.update(workflowRuns).set({ status: "failed", currentStep: 0 }).where(eq(workflowRuns.id, done.id));
    expect(await retryRun(ctx, done.id)).toMatchObject({ ok: true });
    await settle();
    expect(await db.select().from(smsMessages).where(eq(smsMessages.contactId, texted.id))).toHaveLength(1);
    expect((await stepsOf(done.id)).filter((s) => s.stepIndex === 0).map((s) => s.output.already ?? false)).toEqual([false, true]);
    await disable(wf.id);
  });

  it("a 500 from the provider: the outbox retries the workflow's email under its key, and the recipient gets it once", async () => {
    const wf = await publish(ws, { trigger: "offer_access_granted", steps: [{ type: "send_email", config: { templateId } }] });
    const c = await makeContact(ws);
    await grant(c.id);
    await settle();
    const transport = makeResendTransport({ apiKey: "re_test", baseUrl: fake.url });
    fake.fail("500");
    fake.fail("lost_reply");
    const calls = fake.requests.length;
    for (let i = 0; i < 4; i++) {
      await drainOutbox({ transport, batchSize: 100 });
      await db.execute(sql`update email_messages set next_attempt_at = now() where status = 'queued'`);
    }
    expect(fake.requests.length - calls).toBeGreaterThanOrEqual(3); // 500, accepted with the answer lost, the retry answered
    expect(fake.deliveries.get(c.email)).toBe(1);
    const [email] = await db.select().from(emailMessages).where(eq(emailMessages.contactId, c.id));
    expect(email?.status).toBe("sent");
    expect((await runsOf(wf.id))[0]!.status).toBe("completed");
    await disable(wf.id);
  });

  it("Retry, Skip and Cancel from the dashboard, each audited; another workspace's run is not found", async () => {
    const wf = await publish(ws, {
      trigger: "offer_access_granted",
      steps: [{ type: "grant_offer", config: { offerId: offer.id } }, { type: "wait", config: { amount: 3, unit: "days" } }, { type: "add_to_group", config: { groupId } }],
    });
    // The first step fails: its offer is gone from the version (an id that is not an offer).
    const broken = await publish(ws, { trigger: "offer_access_granted", steps: [{ type: "revoke_offer", config: { offerId: "5b0b3c9e-1d2f-4c55-9d8a-0c4b7f0e2a11" } }, { type: "add_to_group", config: { groupId } }] });
    const c = await makeContact(ws);
    await grant(c.id);
    await settle();
    const [failed] = await runsOf(broken.id);
    expect(failed).toMatchObject({ status: "failed", error: "The offer no longer exists. Choose another one in the workflow." });
    expect((await getRun(ws.id, failed!.id))!.can).toMatchObject({ retry: true, skip: true, cancel: false });
    expect(await retryRun(ctx, failed!.id)).toMatchObject({ ok: true });
    await settle();
    expect((await runsOf(broken.id))[0]!.status).toBe("failed");
    expect((await stepsOf(failed!.id)).map((s) => [s.attempt, s.status])).toEqual([[1, "failed"], [2, "failed"]]);
    expect(await skipStep(ctx, failed!.id)).toMatchObject({ ok: true });
    await settle();
    expect((await runsOf(broken.id))[0]!.status).toBe("completed");
    expect(await db.select().from(groupMemberships).where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.contactId, c.id)))).toHaveLength(1);

    const [waiting] = await runsOf(wf.id);
    expect(waiting!.status).toBe("waiting");
    const other = await makeWorkspace("wf-runs-other");
    expect(await cancelRun({ ...ctx, workspace: other }, waiting!.id)).toEqual({ ok: false, error: "That run does not exist." });
    expect(await getRun(other.id, waiting!.id)).toBeUndefined();
    expect(await cancelRun(ctx, waiting!.id)).toMatchObject({ ok: true });
    await dueNow(waiting!.id);
    await settle();
    const detail = await getRun(ws.id, waiting!.id);
    expect(detail!.run.status).toBe("cancelled");
    expect(detail!.steps.map((s) => s.status)).toEqual(["succeeded", "cancelled", "pending"]);
    expect((await listRuns(ws.id, { contactId: c.id })).map((r) => r.workflowName)).toContain("Test workflow");
    const audited = await db.select({ action: auditEntries.action }).from(auditEntries).where(and(eq(auditEntries.workspaceId, ws.id), sql`${auditEntries.action} like 'workflow_run.%' and ${auditEntries.data}->>'runId' in (${failed!.id}, ${waiting!.id})`));
    expect(audited.map((a) => a.action).sort()).toEqual(["workflow_run.cancelled", "workflow_run.retried", "workflow_run.step_skipped"]);
    await disable(wf.id);
    await disable(broken.id);
  });

  it("a test run shows the email, the SMS and the webhook body, and writes nothing", async () => {
    const c = await makeContact(ws, { firstName: "Tess" });
    await db.update(contacts).set({ phone: "+14155550199" }).where(eq(contacts.id, c.id));
    const def = workflowSchema.parse({
      name: "Preview",
      trigger: "offer_access_granted",
      filter: { offerId: offer.id },
      steps: [
        { type: "send_email", config: { templateId } },
        { type: "grant_offer", config: { offerId: offer.id } },
        { type: "send_sms", config: { body: "Hi {{contact.first_name}}: {{login_url}}" } },
        { type: "call_webhook", config: { url: "https://hooks.example.com/portico" } },
        { type: "wait", config: { amount: 2, unit: "days" } },
        { type: "add_to_group", config: { groupId } },
      ],
    });
    const counts = async () =>
      Promise.all([authTokens, emailMessages, smsMessages, events, offerGrants, groupMemberships, workflowRuns, auditEntries].map(async (t) => (await db.select({ n: count() }).from(t))[0]!.n));
    const before = await counts();
    const r = await testRun(ctx, { def, contactId: c.id });
    expect(await counts()).toEqual(before);
    if (!r.ok) throw new Error(r.error);
    expect(r.steps[0]!.email).toMatchObject({ to: c.email, subject: "Hello Tess" });
    expect(r.steps[1]!.summary).toBe("Would grant “Gold”.");
    expect(r.steps[2]!.sms).toMatchObject({ to: "+14155550199", text: expect.stringMatching(/^Hi Tess: http\S+one-time-link-created-when-sent$/) });
    expect(JSON.parse(r.steps[3]!.webhook!.body)).toMatchObject({ type: "workflow.offer_access_granted", data: { contact: { email: c.email }, event: { data: { offerId: offer.id } } } });
    expect(r.steps[4]!.summary).toMatch(/wait 2 days/);
    expect(r.steps[5]!.summary).toBe("Would add them to “Members”.");
    expect(await testRun({ ...ctx, workspace: await makeWorkspace("wf-runs-else") }, { def, contactId: c.id })).toEqual({ ok: false, error: "That contact is not in this workspace." });
  });
});
