/**
 * Run history and the dashboard's hands on a run: Retry step, Skip step, Resume now, Cancel run.
 * Each change locks the run and checks its state first, so it cannot race the worker: the
 * runner's fence (lib/workflows/runner.ts) drops a run that was cancelled under it.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { contacts, emailMessages, events, smsMessages, workflowRunSteps, workflowRuns, workflows, workflowVersions, type WorkflowRun, type WorkflowRunStep } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { isUuid } from "@/lib/utils";
import { allowResend } from "@/lib/sms/send";
import { STEPS, stepKey, TRIGGERS, type StepType, type TriggerType } from "./definitions";
import { endRun } from "./stop";

export type RunListItem = {
  id: string;
  workflowId: string;
  workflowName: string;
  version: number;
  status: string;
  trigger: string;
  contactId: string | null;
  contactEmail: string | null;
  contactName: string;
  currentStep: number;
  stepCount: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  resumeAt: Date | null;
};

export const STATUS_LABELS: Record<string, string> = {
  queued: "Queued",
  running: "Running",
  waiting: "Waiting",
  retrying: "Retrying",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
  stopped: "Stopped",
  succeeded: "Done",
  skipped: "Skipped",
};

/** Newest first; by workflow or by contact (the contact's Activity tab). */
export async function listRuns(workspaceId: string, filter: { workflowId?: string; contactId?: string; runId?: string; status?: string; limit?: number } = {}): Promise<RunListItem[]> {
  if ((filter.workflowId && !isUuid(filter.workflowId)) || (filter.contactId && !isUuid(filter.contactId))) return [];
  const rows = await db
    .select({
      run: workflowRuns,
      workflowName: workflowVersions.name,
      trigger: workflowVersions.trigger,
      stepCount: sql<number>`jsonb_array_length(${workflowVersions.steps})::int`,
      contactEmail: contacts.email,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
    })
    .from(workflowRuns)
    .innerJoin(workflowVersions, and(eq(workflowVersions.workflowId, workflowRuns.workflowId), eq(workflowVersions.version, workflowRuns.version)))
    .leftJoin(contacts, eq(contacts.id, workflowRuns.contactId))
    .where(
      and(
        eq(workflowRuns.workspaceId, workspaceId),
        filter.workflowId ? eq(workflowRuns.workflowId, filter.workflowId) : undefined,
        filter.contactId ? eq(workflowRuns.contactId, filter.contactId) : undefined,
        filter.runId ? eq(workflowRuns.id, filter.runId) : undefined,
        filter.status ? eq(workflowRuns.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(workflowRuns.createdAt), desc(workflowRuns.id))
    .limit(Math.min(filter.limit ?? 50, 200));
  return rows.map((r) => ({
    id: r.run.id,
    workflowId: r.run.workflowId,
    workflowName: r.workflowName,
    version: r.run.version,
    status: r.run.status,
    trigger: TRIGGERS[r.trigger as TriggerType]?.label ?? r.trigger,
    contactId: r.run.contactId,
    contactEmail: r.contactEmail,
    contactName: [r.firstName, r.lastName].filter(Boolean).join(" "),
    currentStep: r.run.currentStep,
    stepCount: r.stepCount,
    error: r.run.error,
    createdAt: r.run.createdAt,
    finishedAt: r.run.finishedAt,
    resumeAt: r.run.resumeAt,
  }));
}

export type RunStepView = {
  index: number;
  type: string;
  label: string;
  config: Record<string, unknown>;
  /** Derived: pending (not reached), or the last attempt's status. */
  status: string;
  attempts: WorkflowRunStep[];
};

export type RunDetail = {
  run: WorkflowRun;
  item: RunListItem;
  event: { id: string; type: string; data: Record<string, unknown>; createdAt: Date } | null;
  steps: RunStepView[];
  emails: { id: string; subject: string; status: string; stepIndex: number | null }[];
  sms: { id: string; status: string; stepIndex: number | null; transport: string | null }[];
  can: { retry: boolean; skip: boolean; cancel: boolean; resume: boolean };
};

const keyIndex = (key: string | null) => (key ? Number(key.split("_").pop()) : null);

export async function getRun(workspaceId: string, runId: string): Promise<RunDetail | undefined> {
  if (!isUuid(runId)) return undefined;
  const [run] = await db.select().from(workflowRuns).where(and(eq(workflowRuns.workspaceId, workspaceId), eq(workflowRuns.id, runId)));
  if (!run) return undefined;
  const [[version], [event], attempts, item] = await Promise.all([
    db.select().from(workflowVersions).where(and(eq(workflowVersions.workflowId, run.workflowId), eq(workflowVersions.version, run.version))),
    db.select().from(events).where(eq(events.id, run.eventId)),
    db.select().from(workflowRunSteps).where(and(eq(workflowRunSteps.workspaceId, workspaceId), eq(workflowRunSteps.runId, run.id))).orderBy(workflowRunSteps.stepIndex, workflowRunSteps.attempt),
    listRuns(workspaceId, { runId: run.id }).then((rows) => rows[0]),
  ]);
  const keys = (version?.steps ?? []).map((_, i) => `wf_${run.id}_${i}`);
  const [emails, sms] = keys.length
    ? await Promise.all([
        db.select({ id: emailMessages.id, subject: emailMessages.subject, status: emailMessages.status, key: emailMessages.idempotencyKey }).from(emailMessages).where(and(eq(emailMessages.workspaceId, workspaceId), inArray(emailMessages.idempotencyKey, keys))),
        db.select({ id: smsMessages.id, status: smsMessages.status, key: smsMessages.idempotencyKey, transport: smsMessages.transport }).from(smsMessages).where(and(eq(smsMessages.workspaceId, workspaceId), inArray(smsMessages.idempotencyKey, keys))),
      ])
    : [[], []];
  const steps: RunStepView[] = (version?.steps ?? []).map((s, index) => {
    const mine = attempts.filter((a) => a.stepIndex === index);
    return { index, type: s.type, label: STEPS[s.type as StepType]?.label ?? s.type, config: s.config, status: mine.at(-1)?.status ?? (index < run.currentStep ? "succeeded" : "pending"), attempts: mine };
  });
  const open = ["queued", "waiting", "retrying"].includes(run.status);
  return {
    run,
    item: item!,
    event: event ? { id: event.id, type: event.type, data: event.data, createdAt: event.createdAt } : null,
    steps,
    emails: emails.map((e) => ({ id: e.id, subject: e.subject, status: e.status, stepIndex: keyIndex(e.key) })),
    sms: sms.map((m) => ({ id: m.id, status: m.status, stepIndex: keyIndex(m.key), transport: m.transport })),
    can: {
      retry: run.status === "failed" && run.currentStep < steps.length,
      skip: (run.status === "failed" || open) && run.currentStep < steps.length,
      cancel: open || run.status === "running",
      resume: run.status === "waiting" || run.status === "retrying",
    },
  };
}

export type RunOutcome = { ok: true; message: string } | { ok: false; error: string };

async function change(ctx: Ctx, runId: string, action: string, fn: (run: WorkflowRun, tx: Parameters<Parameters<typeof db.transaction>[0]>[0]) => Promise<RunOutcome>): Promise<RunOutcome> {
  if (!isUuid(runId)) return { ok: false, error: "That run does not exist." };
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(workflowRuns).where(and(eq(workflowRuns.workspaceId, ctx.workspace.id), eq(workflowRuns.id, runId))).for("update");
    if (!run) return { ok: false, error: "That run does not exist." };
    const out = await fn(run, tx);
    if (out.ok) await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action, contactId: run.contactId, data: { runId: run.id, workflowId: run.workflowId, step: run.currentStep } });
    return out;
  });
}

const stepCountOf = async (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], run: WorkflowRun) =>
  (await tx.select({ n: sql<number>`jsonb_array_length(${workflowVersions.steps})::int` }).from(workflowVersions).where(and(eq(workflowVersions.workflowId, run.workflowId), eq(workflowVersions.version, run.version))))[0]?.n ?? 0;

/** A failed run tries its failed step again (a new attempt, the same idempotency key: what already went out is not sent again). */
export function retryRun(ctx: Ctx, runId: string): Promise<RunOutcome> {
  return change(ctx, runId, "workflow_run.retried", async (run, tx) => {
    if (run.status !== "failed") return { ok: false, error: "Only a failed run can be retried." };
    if (run.currentStep >= (await stepCountOf(tx, run))) return { ok: false, error: "This run has no step left to retry." };
    // An SMS whose outcome was unknown is sent again only because an admin asked for it here.
    await allowResend(tx, stepKey(run.id, run.currentStep));
    await tx.update(workflowRuns).set({ status: "queued", resumeAt: new Date(), error: null, finishedAt: null, updatedAt: new Date() }).where(eq(workflowRuns.id, run.id));
    return { ok: true, message: `Step ${run.currentStep + 1} will be tried again in a moment.` };
  });
}

/** Records the current step as skipped by an admin and goes on with the next one. */
export function skipStep(ctx: Ctx, runId: string): Promise<RunOutcome> {
  return change(ctx, runId, "workflow_run.step_skipped", async (run, tx) => {
    if (!["failed", "queued", "waiting", "retrying"].includes(run.status)) return { ok: false, error: run.status === "running" ? "The step is running right now; try again in a moment." : "This run has ended." };
    const count = await stepCountOf(tx, run);
    if (run.currentStep >= count) return { ok: false, error: "This run has no step left to skip." };
    const now = new Date();
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`coalesce(max(${workflowRunSteps.attempt}), 0)::int` })
      .from(workflowRunSteps)
      .where(and(eq(workflowRunSteps.runId, run.id), eq(workflowRunSteps.stepIndex, run.currentStep)));
    const [version] = await tx.select({ steps: workflowVersions.steps }).from(workflowVersions).where(and(eq(workflowVersions.workflowId, run.workflowId), eq(workflowVersions.version, run.version)));
    const step = version!.steps[run.currentStep]!;
    await tx
      .update(workflowRunSteps)
      .set({ status: "skipped", finishedAt: now })
      .where(and(eq(workflowRunSteps.runId, run.id), eq(workflowRunSteps.stepIndex, run.currentStep), inArray(workflowRunSteps.status, ["waiting", "retrying", "running"])));
    await tx.insert(workflowRunSteps).values({
      workspaceId: run.workspaceId,
      runId: run.id,
      stepIndex: run.currentStep,
      attempt: n + 1,
      type: step.type,
      status: "skipped",
      key: `wf_${run.id}_${run.currentStep}`,
      input: step.config,
      error: "Skipped from the dashboard.",
      startedAt: now,
      finishedAt: now,
    });
    await tx.update(workflowRuns).set({ status: "queued", currentStep: run.currentStep + 1, resumeAt: now, error: null, finishedAt: null, updatedAt: now }).where(eq(workflowRuns.id, run.id));
    return { ok: true, message: `Step ${run.currentStep + 1} skipped; the run goes on.` };
  });
}

/** A waiting or retrying run goes on now instead of at its time. */
export function resumeRun(ctx: Ctx, runId: string): Promise<RunOutcome> {
  return change(ctx, runId, "workflow_run.resumed", async (run, tx) => {
    if (run.status !== "waiting" && run.status !== "retrying") return { ok: false, error: "Only a waiting or retrying run can be resumed." };
    await tx.update(workflowRuns).set({ resumeAt: new Date(), updatedAt: new Date() }).where(eq(workflowRuns.id, run.id));
    return { ok: true, message: "The run goes on in a moment." };
  });
}

export function cancelRun(ctx: Ctx, runId: string): Promise<RunOutcome> {
  return change(ctx, runId, "workflow_run.cancelled", async (run, tx) => {
    if (!["queued", "waiting", "retrying", "running"].includes(run.status)) return { ok: false, error: "This run has already ended." };
    await endRun(tx, run.id, "cancelled", "Cancelled from the dashboard.");
    return { ok: true, message: "Run cancelled: no further step will run." };
  });
}

/** The workflow's name for headings, scoped to the workspace. */
export async function workflowName(workspaceId: string, workflowId: string): Promise<string | undefined> {
  if (!isUuid(workflowId)) return undefined;
  return (await db.select({ name: workflows.name }).from(workflows).where(and(eq(workflows.workspaceId, workspaceId), eq(workflows.id, workflowId))))[0]?.name;
}
