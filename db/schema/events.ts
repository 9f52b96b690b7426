import { bigserial, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt } from "./common";
import { contacts } from "./contacts";
import { teamMembers, workspaces } from "./tenancy";

/** What happened, append-only, written in the same transaction as the change. */
export const events = pgTable(
  "events",
  {
    id: id(),
    /** Monotonic order for consumers (workflows, webhooks). */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("events_seq_key").on(t.seq),
    index("events_workspace_type_idx").on(t.workspaceId, t.type, t.createdAt),
    index("events_contact_idx").on(t.workspaceId, t.contactId, t.createdAt),
  ],
);

export type WorkflowStep = { type: string; config: Record<string, unknown> };

export const workflows = pgTable(
  "workflows",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    trigger: text("trigger").notNull(),
    filter: jsonb("filter").$type<Record<string, unknown>>().notNull().default({}),
    steps: jsonb("steps").$type<WorkflowStep[]>().notNull().default([]),
    enabled: boolean("enabled").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("workflows_workspace_trigger_idx").on(t.workspaceId, t.trigger)],
);

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
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    /** running, waiting, completed, failed */
    status: text("status").notNull().default("running"),
    currentStep: integer("current_step").notNull().default(0),
    resumeAt: tstz("resume_at"),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Each event runs each matching workflow at most once.
    uniqueIndex("workflow_runs_event_key").on(t.workflowId, t.eventId),
    index("workflow_runs_workspace_idx").on(t.workspaceId, t.createdAt),
  ],
);

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
    type: text("type").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    output: jsonb("output").$type<Record<string, unknown>>().notNull().default({}),
    error: text("error"),
    startedAt: tstz("started_at"),
    finishedAt: tstz("finished_at"),
  },
  (t) => [uniqueIndex("workflow_run_steps_key").on(t.runId, t.stepIndex)],
);

/** A saved contact search with filters, shown in the dashboard sidebar. */
export const smartLists = pgTable(
  "smart_lists",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    query: jsonb("query").$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid("created_by").references(() => teamMembers.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("smart_lists_workspace_idx").on(t.workspaceId)],
);

export type Event = typeof events.$inferSelect;
export type Workflow = typeof workflows.$inferSelect;
export type WorkflowRun = typeof workflowRuns.$inferSelect;
