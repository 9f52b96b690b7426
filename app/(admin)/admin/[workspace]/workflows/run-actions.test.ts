/**
 * The dashboard's hands on workflow runs: the test run reads the builder's fields as Save does
 * and writes or sends nothing; Skip and Cancel act on a waiting run; the webhook secret is
 * revealed (the same each time) and rotated (a new one); a member is refused every one of them.
 * Only the framework is stood in for (the admin session, the request headers, cache
 * revalidation); the database, the engine and the checks are real.
 */
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { auditEntries, emailMessages, events, groups, offers, teamMembers, workflowRuns, workflows, workspaceMembers, type MemberRole, type Offer, type Workspace } from "@/db/schema";
import { grantOffer } from "@/lib/access/grant-offer";
import type { FormState } from "@/lib/actions";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { publish, runsOf, settle, stepsOf } from "@/lib/workflows/testing";
import { cancelRunAction, resumeRunAction, retryRunAction, skipStepAction } from "./run-actions";
import { testRunAction } from "./test-run-actions";
import { revealWebhookSecretAction, rotateWebhookSecretAction } from "./webhook-actions";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth/admin-auth", () => ({ auth: async () => ({ userId: session.userId }), signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("@/lib/auth/learner-auth", () => ({ auth: async () => null, signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

let ws: Workspace;
let offer: Offer;
let groupId: string;
const people: Partial<Record<MemberRole, string>> = {};

beforeAll(async () => {
  ws = await makeWorkspace();
  for (const role of ["admin", "member"] as const) {
    const [m] = await db.insert(teamMembers).values({ email: `${role}-${ws.slug}@example.com`, name: `Ada ${role}`, passwordHash: "x" }).returning();
    await db.insert(workspaceMembers).values({ workspaceId: ws.id, teamMemberId: m!.id, role });
    people[role] = m!.id;
  }
  [offer] = (await db.insert(offers).values({ workspaceId: ws.id, title: "Gold", slug: "gold", status: "published" }).returning()) as [Offer];
  const [g] = await db.insert(groups).values({ workspaceId: ws.id, name: "Members", slug: "members" }).returning();
  groupId = g!.id;
});

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ workspace: ws.slug, ...fields })) fd.set(k, v);
  return fd;
};
const as = (role: MemberRole) => (session.userId = people[role]!);
const tally = async () => ({
  emails: (await db.select({ n: count() }).from(emailMessages).where(eq(emailMessages.workspaceId, ws.id)))[0]!.n,
  workflows: (await db.select({ n: count() }).from(workflows).where(eq(workflows.workspaceId, ws.id)))[0]!.n,
  events: (await db.select({ n: count() }).from(events).where(eq(events.workspaceId, ws.id)))[0]!.n,
});

/** The builder's fields for "Offer Access Granted (Gold) → welcome email → add to group". */
const builder = (extra: Record<string, string> = {}) => ({
  name: "Welcome Gold",
  trigger: "offer_access_granted",
  "filter.offerId": offer.id,
  "steps.0.type": "send_welcome_email",
  "steps.1.type": "add_to_group",
  "steps.1.groupId": groupId,
  ...extra,
});

describe("workflow run actions", () => {
  it("a test run shows each step for the contact and saves, writes and sends nothing; the builder's errors come back by field", async () => {
    const contact = await makeContact(ws, { email: "tess@example.com" });
    as("admin");
    const before = await tally();
    const out: FormState = await testRunAction({}, form({ ...builder(), testContactId: contact.id }));
    expect(out.error).toBeUndefined();
    const result = JSON.parse(out.data!.result!) as { contact: string; steps: { summary: string }[] };
    expect(result.contact).toBe("tess@example.com");
    expect(result.steps.map((s) => s.summary)).toEqual([expect.stringContaining("Would send the membership welcome email to tess@example.com"), "Would add them to “Members”."]);
    expect(await tally()).toEqual(before);

    const broken = await testRunAction({}, form({ ...builder({ "steps.1.groupId": "" }), testContactId: contact.id }));
    expect(broken.fieldErrors?.["steps.1.groupId"]).toBeTruthy();
    expect(await testRunAction({}, form(builder()))).toMatchObject({ error: "Choose a contact to test with." });
  });

  it("Skip goes on past a waiting step; Cancel ends a waiting run; Retry and Resume say why not when they cannot", async () => {
    const wf = await publish(ws, { trigger: "offer_access_granted", filter: { offerId: offer.id }, steps: [{ type: "wait", config: { amount: 1, unit: "days" } }, { type: "add_to_group", config: { groupId } }] });
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    for (const email of ["skip@example.com", "cancel@example.com"]) {
      const c = await makeContact(ws, { email });
      await db.transaction((tx) => grantOffer(tx, ctx, { contactIds: [c.id], offer, source: "admin", welcome: false }));
    }
    await settle();
    const [toSkip, toCancel] = await runsOf(wf.id);
    expect([toSkip!.status, toCancel!.status]).toEqual(["waiting", "waiting"]);
    as("admin");
    expect(await retryRunAction({}, form({ id: toSkip!.id }))).toMatchObject({ error: "Only a failed run can be retried." });
    expect(await skipStepAction({}, form({ id: toSkip!.id }))).toMatchObject({ ok: true, message: "Step 1 skipped; the run goes on." });
    await settle();
    expect((await db.select().from(workflowRuns).where(eq(workflowRuns.id, toSkip!.id)))[0]!.status).toBe("completed");
    expect((await stepsOf(toSkip!.id)).map((s) => s.status)).toEqual(["skipped", "skipped", "succeeded"]);

    expect(await cancelRunAction({}, form({ id: toCancel!.id }))).toMatchObject({ ok: true });
    await settle();
    expect((await db.select().from(workflowRuns).where(eq(workflowRuns.id, toCancel!.id)))[0]!.status).toBe("cancelled");
    expect(await resumeRunAction({}, form({ id: toCancel!.id }))).toMatchObject({ error: "Only a waiting or retrying run can be resumed." });
  });

  it("the webhook secret: revealed the same twice, rotated into a new one, each audited", async () => {
    as("admin");
    const first = (await revealWebhookSecretAction({}, form({}))).data!.secret!;
    expect(first).toMatch(/^whsec_/);
    expect((await revealWebhookSecretAction({}, form({}))).data!.secret).toBe(first);
    const rotated = (await rotateWebhookSecretAction({}, form({}))).data!.secret!;
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(first);
    expect((await revealWebhookSecretAction({}, form({}))).data!.secret).toBe(rotated);
    const audited = await db.select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.workspaceId, ws.id));
    expect(audited.filter((a) => a.action.startsWith("webhook_secret.")).map((a) => a.action)).toEqual(["webhook_secret.revealed", "webhook_secret.revealed", "webhook_secret.rotated", "webhook_secret.revealed"]);
  });

  it("a member is refused the test run, every run action and the secret", async () => {
    const contact = await makeContact(ws);
    const [run] = await db.select().from(workflowRuns).where(eq(workflowRuns.workspaceId, ws.id)).limit(1);
    as("member");
    for (const [fn, fields] of [
      [testRunAction, { ...builder(), testContactId: contact.id }],
      [retryRunAction, { id: run!.id }],
      [skipStepAction, { id: run!.id }],
      [resumeRunAction, { id: run!.id }],
      [cancelRunAction, { id: run!.id }],
      [revealWebhookSecretAction, {}],
      [rotateWebhookSecretAction, {}],
    ] as const) {
      const out = await fn({}, form(fields as Record<string, string>));
      expect(out.error).toMatch(/admin or owner/);
      expect(out.data).toBeUndefined();
    }
  });
});
