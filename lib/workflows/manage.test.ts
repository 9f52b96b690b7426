import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEntries, customTemplates, events, groups, offers, workflowRuns, workflows, workflowVersions, type Workspace } from "@/db/schema";
import { makeWorkspace, request } from "@/test/fixtures";
import { workflowSchema, type WorkflowDef } from "./definitions";
import { deleteWorkflow, duplicateWorkflow, getWorkflow, listVersions, listWorkflows, restoreVersion, saveWorkflow, setWorkflowEnabled } from "./manage";
import { startRecipe } from "./recipes";
import { parseWorkflowForm, validateWorkflow } from "./validate";

const ctxOf = (workspace: Workspace) => ({ workspace, actor: { type: "system" as const }, request });

async function setup() {
  const ws = await makeWorkspace();
  const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
  const [group] = await db.insert(groups).values({ workspaceId: ws.id, name: "Circle", slug: "circle" }).returning();
  const [template] = await db.insert(customTemplates).values({ workspaceId: ws.id, name: "Hello", subject: "Hi {{contact.first_name}}", body: "Sign in: {{login_url}}" }).returning();
  const def: WorkflowDef = {
    name: "Welcome",
    trigger: "offer_access_granted",
    filter: { offerId: offer!.id },
    steps: [
      { type: "send_email", config: { templateId: template!.id } },
      { type: "add_to_group", config: { groupId: group!.id } },
    ],
    stopWhen: [],
  };
  return { ws, ctx: ctxOf(ws), offer: offer!, group: group!, template: template!, def };
}

const saved = (r: { ok: boolean; id?: string }) => {
  if (!r.ok || !r.id) throw new Error(`not saved: ${JSON.stringify(r)}`);
  return r.id;
};

describe("workflow management", () => {
  it("publishes v1 on create, v2 on edit (both rows kept) and restores v1 as v3", async () => {
    const { ws, ctx, def } = await setup();
    const id = saved(await saveWorkflow(ctx, def));
    expect(await getWorkflow(ws.id, id)).toMatchObject({ version: 1, enabled: false, name: "Welcome" });
    expect((await listVersions(ws.id, id)).map((v) => v.version)).toEqual([1]);

    const edited = { ...def, name: "Welcome v2", steps: [def.steps[1]!] };
    expect(await saveWorkflow(ctx, { ...edited, id })).toEqual({ ok: true, id });
    expect(await getWorkflow(ws.id, id)).toMatchObject({ version: 2, name: "Welcome v2", steps: [def.steps[1]] });
    const versions = await listVersions(ws.id, id);
    expect(versions.map((v) => [v.version, v.name])).toEqual([[2, "Welcome v2"], [1, "Welcome"]]);

    expect(await restoreVersion(ctx, id, 1)).toMatchObject({ ok: true, version: 3 });
    const [v3] = await listVersions(ws.id, id);
    expect(v3).toMatchObject({ version: 3, restoredFrom: 1, name: "Welcome", trigger: def.trigger, filter: def.filter, steps: def.steps, stopWhen: [] });
    expect(await getWorkflow(ws.id, id)).toMatchObject({ version: 3, name: "Welcome", steps: def.steps });
    const audit = await db.select({ action: auditEntries.action }).from(auditEntries).where(eq(auditEntries.workspaceId, ws.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["workflow.created", "workflow.updated", "workflow.restored"]));
  });

  it("two saves at once each publish their own version (the row is locked, no version is lost)", async () => {
    const { ws, ctx, def } = await setup();
    const id = saved(await saveWorkflow(ctx, def));
    const results = await Promise.all([saveWorkflow(ctx, { ...def, id, name: "A" }), saveWorkflow(ctx, { ...def, id, name: "B" })]);
    expect(results).toEqual([{ ok: true, id }, { ok: true, id }]);
    expect((await listVersions(ws.id, id)).map((v) => v.version)).toEqual([3, 2, 1]);
    const current = await getWorkflow(ws.id, id);
    const [top] = await listVersions(ws.id, id);
    expect(current).toMatchObject({ version: 3, name: top!.name });
  });

  it("refuses another workspace's offer, unknown SMS merge fields, a trailing wait and a filter the trigger does not have", async () => {
    const { ctx, def, template } = await setup();
    const other = await setup();
    expect(await saveWorkflow(ctx, { ...def, filter: { offerId: other.offer.id } })).toEqual({ ok: false, fieldErrors: { "filter.offerId": "That offer no longer exists." } });
    expect(await saveWorkflow(ctx, { ...def, steps: [{ type: "send_email", config: { templateId: other.template.id } }] })).toMatchObject({ ok: false, fieldErrors: { "steps.0.templateId": "That email template no longer exists." } });

    const sms = await saveWorkflow(ctx, { ...def, steps: [...def.steps, { type: "send_sms", config: { body: "Hi {{contact.nickname}}" } }] });
    expect(sms).toMatchObject({ ok: false, fieldErrors: { "steps.2.body": expect.stringContaining("{{contact.nickname}}") } });

    const wait = await saveWorkflow(ctx, { ...def, steps: [...def.steps, { type: "wait", config: { amount: 2, unit: "days" } }] });
    expect(wait).toEqual({ ok: false, fieldErrors: { "steps.2": "A wait must be followed by a step." } });

    const mismatch = await saveWorkflow(ctx, { ...def, trigger: "new_sign_up" });
    expect(mismatch).toMatchObject({ ok: false, fieldErrors: { "filter.offerId": expect.stringContaining("New Sign Up is not about an offer") } });

    // A template saved around the checks (unknown field) is refused where the step picks it.
    await db.update(customTemplates).set({ body: "{{contact.nickname}}" }).where(eq(customTemplates.id, template.id));
    expect(await saveWorkflow(ctx, def)).toMatchObject({ ok: false, fieldErrors: { "steps.0.templateId": expect.stringContaining("cannot be sent") } });
  });

  it("reads the builder's form fields and maps zod's errors to them", async () => {
    const { ctx, offer, template } = await setup();
    const form = new FormData();
    for (const [k, v] of Object.entries({ name: "From the form", trigger: "offer_access_granted", "filter.offerId": offer.id, "steps.0.type": "send_email", "steps.0.templateId": template.id, "steps.1.type": "add_to_group", "steps.1.groupId": "" })) form.set(k, v);
    const input = parseWorkflowForm(form) as WorkflowDef;
    expect(await saveWorkflow(ctx, input)).toEqual({ ok: false, fieldErrors: { "steps.1.groupId": "Choose a group." } });
    form.set("steps.1.type", "wait");
    form.set("steps.1.amount", "3");
    form.set("steps.1.unit", "hours");
    form.set("steps.2.type", "add_tag");
    form.set("steps.2.tag", "welcomed");
    const id = saved(await saveWorkflow(ctx, parseWorkflowForm(form) as WorkflowDef));
    const wf = await getWorkflow(ctx.workspace.id, id);
    expect(wf?.steps).toEqual([
      { type: "send_email", config: { templateId: template.id } },
      { type: "wait", config: { amount: 3, unit: "hours" } },
      { type: "add_tag", config: { tag: "welcomed" } },
    ]);
  });

  it("duplicates as a disabled version 1 copy, deletes with runs, and re-checks before turning on", async () => {
    const { ws, ctx, def, group } = await setup();
    const id = saved(await saveWorkflow(ctx, def));
    await saveWorkflow(ctx, { ...def, id, name: "Welcome" });
    expect(await setWorkflowEnabled(ctx, id, true)).toMatchObject({ ok: true });

    const copyId = saved(await duplicateWorkflow(ctx, id));
    expect(await getWorkflow(ws.id, copyId)).toMatchObject({ name: "Welcome (copy)", enabled: false, version: 1, steps: def.steps });
    expect(await listVersions(ws.id, copyId)).toHaveLength(1);

    const [event] = await db.insert(events).values({ workspaceId: ws.id, type: "offer_access_granted", data: {} }).returning();
    await db.insert(workflowRuns).values({ workspaceId: ws.id, workflowId: id, eventId: event!.id, status: "failed" });
    const listed = await listWorkflows(ws.id);
    expect(listed.find((r) => r.workflow.id === id)).toMatchObject({ runs7d: 1, failed7d: 1, runsTotal: 1 });

    // Another workspace cannot touch it.
    const stranger = ctxOf(await makeWorkspace());
    expect(await deleteWorkflow(stranger, id)).toMatchObject({ ok: false });
    expect(await setWorkflowEnabled(stranger, id, false)).toMatchObject({ ok: false });

    expect(await deleteWorkflow(ctx, id)).toMatchObject({ ok: true });
    expect(await getWorkflow(ws.id, id)).toBeUndefined();
    expect(await db.select().from(workflowRuns).where(eq(workflowRuns.workflowId, id))).toEqual([]);
    expect(await db.select().from(workflowVersions).where(eq(workflowVersions.workflowId, id))).toEqual([]);

    // The copy names a group deleted since: it cannot be turned on until it is fixed.
    await db.delete(groups).where(and(eq(groups.workspaceId, ws.id), eq(groups.id, group.id)));
    expect(await setWorkflowEnabled(ctx, copyId, true)).toMatchObject({ ok: false, error: expect.stringContaining("That group no longer exists") });
    expect((await db.select().from(workflows).where(eq(workflows.id, copyId)))[0]?.enabled).toBe(false);
  });

  it("recipes: one click creates a disabled workflow when nothing is left to choose; otherwise the builder opens", async () => {
    const { ws, ctx } = await setup();
    const welcome = await startRecipe(ctx, "welcome-email");
    expect(welcome.ok && (await getWorkflow(ws.id, welcome.id))).toMatchObject({ enabled: false, version: 1, trigger: "offer_access_granted", steps: [{ type: "send_welcome_email", config: {} }] });
    // The workspace has one group: the sign-up recipe can pick it.
    const signup = await startRecipe(ctx, "signup-group");
    expect(signup.ok && (await getWorkflow(ws.id, signup.id))?.steps).toMatchObject([{ type: "add_to_group" }]);
    expect(await startRecipe(ctx, "next-offer")).toEqual({ ok: false });
    const sms = await startRecipe(ctx, "login-sms");
    expect(sms.ok).toBe(true);
  });

  it("webhooks: the URL is checked at save time by the rule the call is made under", async () => {
    const { ws } = await setup();
    const def = (url: string) => workflowSchema.parse({ name: "Hook", trigger: "new_sign_up", steps: [{ type: "call_webhook", config: { url } }] });
    expect(await validateWorkflow(ws.id, def("https://hooks.example.com/x"))).toBeNull();
    // Tests run with development's rules (local receivers allowed); production's are in lib/http/outbound.test.ts.
    expect(await validateWorkflow(ws.id, def("http://localhost:9999/x"))).toBeNull();
    expect(await validateWorkflow(ws.id, def("ftp://hooks.example.com/x"))).toEqual({ "steps.0.url": "The URL must start with https://." });
    expect(await validateWorkflow(ws.id, def("https://user:pw@hooks.example.com/x"))).toEqual({ "steps.0.url": expect.stringMatching(/credentials/) });
  });
});
