import { bigint, bigserial, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./common";
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

/**
 * Events not yet handed to their consumers, written with the event (lib/access/events.ts). The
 * dispatcher claims rows with SKIP LOCKED and deletes them in the transaction that creates the
 * runs, so no event is missed however transactions commit relative to `seq`, and none is taken twice.
 */
export const eventQueue = pgTable(
  "event_queue",
  {
    eventId: uuid("event_id")
      .primaryKey()
      .references(() => events.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("event_queue_seq_idx").on(t.seq)],
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
