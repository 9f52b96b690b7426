import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt } from "./common";
import { contacts } from "./contacts";
import { events } from "./events";
import { teamMembers, workspaces } from "./tenancy";

/** Stored as JSON; validated by lib/workflows/definitions.ts. */
export type WorkflowStep = { type: string; config: Record<string, unknown> };
export type WorkflowFilter = Record<string, unknown>;
export type StopCondition = { type: string; [key: string]: unknown };

/** The definition being edited; every save also writes a workflow_versions row and bumps `version`. */
export const workflows = pgTable(
  "workflows",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    trigger: text("trigger").notNull(),
    filter: jsonb("filter").$type<WorkflowFilter>().notNull().default({}),
    steps: jsonb("steps").$type<WorkflowStep[]>().notNull().default([]),
    stopWhen: jsonb("stop_when").$type<StopCondition[]>().notNull().default([]),
    enabled: boolean("enabled").notNull().default(false),
    /** The latest published version (what new runs start on). */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("workflows_workspace_trigger_idx").on(t.workspaceId, t.trigger)],
);

/** Every published definition, immutable: a run reads its steps from the version it started on. */
export const workflowVersions = pgTable(
  "workflow_versions",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    trigger: text("trigger").notNull(),
    filter: jsonb("filter").$type<WorkflowFilter>().notNull().default({}),
    steps: jsonb("steps").$type<WorkflowStep[]>().notNull().default([]),
    stopWhen: jsonb("stop_when").$type<StopCondition[]>().notNull().default([]),
    createdBy: uuid("created_by").references(() => teamMembers.id, { onDelete: "set null" }),
    /** Restored from this version, when it was. */
    restoredFrom: integer("restored_from"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("workflow_versions_key").on(t.workflowId, t.version)],
);

export const RUN_STATUSES = ["queued", "running", "waiting", "retrying", "completed", "failed", "cancelled", "stopped"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const workflowRuns = pgTable(
  "workflow_runs",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    version: integer("version").notNull().default(1),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    /** RUN_STATUSES: queued/waiting/retrying are due at resume_at; running is held by claimed_by. */
    status: text("status").notNull().default("queued"),
    currentStep: integer("current_step").notNull().default(0),
    resumeAt: tstz("resume_at"),
    /** Workflow runs in the chain of events that led here (loop guard). */
    depth: integer("depth").notNull().default(0),
    /** The event that started the chain (null: this run's own event): the runs of one chain are bounded (loop guard). */
    rootEventId: uuid("root_event_id"),
    /** The worker (worker_heartbeats.id) running it; freed when its heartbeat stops. */
    claimedBy: uuid("claimed_by"),
    error: text("error"),
    startedAt: tstz("started_at"),
    finishedAt: tstz("finished_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Each event runs each matching workflow at most once.
    uniqueIndex("workflow_runs_event_key").on(t.workflowId, t.eventId),
    index("workflow_runs_workspace_idx").on(t.workspaceId, t.createdAt),
    index("workflow_runs_workflow_idx").on(t.workflowId, t.createdAt),
    index("workflow_runs_contact_idx").on(t.workspaceId, t.contactId, t.createdAt),
    index("workflow_runs_due_idx").on(t.resumeAt).where(sql`${t.status} in ('queued', 'waiting', 'retrying')`),
    index("workflow_runs_claimed_idx").on(t.claimedBy).where(sql`${t.status} = 'running'`),
    index("workflow_runs_root_idx").on(t.rootEventId).where(sql`${t.rootEventId} is not null`),
  ],
);

/** One row per attempt of a step: what went in, what came out, how long it took. */
export const workflowRunSteps = pgTable(
  "workflow_run_steps",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => workflowRuns.id, { onDelete: "cascade" }),
    stepIndex: integer("step_index").notNull(),
    attempt: integer("attempt").notNull().default(1),
    type: text("type").notNull(),
    /** running, succeeded, failed, retrying (failed, will be tried again), skipped, waiting */
    status: text("status").notNull(),
    /** `{run id}:{step index}`: the email's outbox key, the SMS provider key, the webhook id. */
    key: text("key").notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull().default({}),
    output: jsonb("output").$type<Record<string, unknown>>().notNull().default({}),
    error: text("error"),
    startedAt: tstz("started_at"),
    finishedAt: tstz("finished_at"),
  },
  (t) => [uniqueIndex("workflow_run_steps_key").on(t.runId, t.stepIndex, t.attempt)],
);

/** Text messages sent (or, with no provider configured, kept for the dev mailbox). */
export const smsMessages = pgTable(
  "sms_messages",
  {
    id: id(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    /** E.164 */
    toPhone: text("to_phone").notNull(),
    /** Sealed (lib/mail/sealed.ts): it may carry a login link. */
    body: text("body").notNull(),
    /** queued, sending (claimed by a call), sent, delivered, failed, skipped, unknown (the provider may have it: not resent by itself) */
    status: text("status").notNull().default("queued"),
    transport: text("transport"),
    providerMessageId: text("provider_message_id"),
    /** Given by the caller (a workflow step's key): the same key is never sent twice. */
    idempotencyKey: text("idempotency_key"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: tstz("sent_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("sms_messages_idempotency_key").on(t.idempotencyKey),
    index("sms_messages_workspace_idx").on(t.workspaceId, t.createdAt),
    index("sms_messages_contact_idx").on(t.workspaceId, t.contactId, t.createdAt),
  ],
);

export type Workflow = typeof workflows.$inferSelect;
export type WorkflowVersion = typeof workflowVersions.$inferSelect;
export type WorkflowRun = typeof workflowRuns.$inferSelect;
export type WorkflowRunStep = typeof workflowRunSteps.$inferSelect;
export type SmsMessage = typeof smsMessages.$inferSelect;
