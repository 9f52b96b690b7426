import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authTokens } from "./auth";
import { createdAt, id, tstz, updatedAt } from "./common";
import { contacts } from "./contacts";
import { teamMembers, workspaces } from "./tenancy";

export const emailStatus = pgEnum("email_status", [
  "queued",
  "sending",
  "sent",
  "delivered",
  "delivery_delayed",
  "bounced",
  "complained",
  "failed",
]);

/**
 * The outbox and the delivery log in one table: a row is written in the same transaction as
 * the change that causes it, and the worker moves it along. Rendered at queue time, so what
 * is delivered is exactly what was committed.
 */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: id(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    teamMemberId: uuid("team_member_id").references(() => teamMembers.id, { onDelete: "set null" }),
    authTokenId: uuid("auth_token_id").references(() => authTokens.id, { onDelete: "set null" }),
    /** System template key (welcome, login_link, …) or custom:{id}. */
    template: text("template").notNull(),
    toEmail: text("to_email").notNull(),
    fromEmail: text("from_email").notNull(),
    replyTo: text("reply_to"),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    /** Links in the message, for the dev mailbox and the server log. */
    links: jsonb("links").$type<string[]>().notNull().default([]),
    status: emailStatus("status").notNull().default("queued"),
    transport: text("transport"),
    providerMessageId: text("provider_message_id"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    /**
     * The provider call this message was first sent in (its idempotency key). A retry sends
     * exactly the same messages under the same key, so a call whose answer was lost is never
     * a second delivery.
     */
    sendKey: text("send_key"),
    /** The worker (worker_heartbeats.id) holding this row while `sending`: freed as soon as its beat stops. */
    claimedBy: uuid("claimed_by"),
    /** Given by the caller (a workflow step's key): at most one message per key. */
    idempotencyKey: text("idempotency_key"),
    /** Bulk send this message belongs to, for progress. */
    batchId: uuid("batch_id"),
    sentAt: tstz("sent_at"),
    deliveredAt: tstz("delivered_at"),
    failedAt: tstz("failed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("email_messages_pending_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('queued', 'sending')`),
    index("email_messages_contact_idx").on(t.workspaceId, t.contactId, t.createdAt),
    index("email_messages_workspace_idx").on(t.workspaceId, t.createdAt),
    index("email_messages_batch_idx").on(t.batchId),
    index("email_messages_send_key_idx").on(t.sendKey).where(sql`${t.sendKey} is not null and ${t.status} in ('queued', 'sending')`),
    index("email_messages_provider_idx").on(t.providerMessageId),
    uniqueIndex("email_messages_idempotency_key").on(t.idempotencyKey),
  ],
);

/** Addresses that hard-bounced or complained: sends to them fail fast until an admin lifts it. */
export const emailSuppressions = pgTable(
  "email_suppressions",
  {
    id: id(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("email_suppressions_key").on(t.workspaceId, sql`lower(${t.email})`)],
);

/** The provider's next free call slot, shared by every worker (EMAIL_PROVIDER_RPS). */
export const providerPacer = pgTable("provider_pacer", {
  name: text("name").primaryKey(),
  nextAt: tstz("next_at").notNull(),
});

/** Provider webhook events already processed (deduplication by the provider's event id). */
export const providerEvents = pgTable("provider_events", {
  id: text("id").primaryKey(),
  provider: text("provider").notNull(),
  type: text("type").notNull(),
  receivedAt: createdAt(),
});

export const customTemplates = pgTable(
  "email_templates",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("email_templates_workspace_idx").on(t.workspaceId)],
);

export type EmailMessage = typeof emailMessages.$inferSelect;
export type EmailStatus = (typeof emailStatus.enumValues)[number];
