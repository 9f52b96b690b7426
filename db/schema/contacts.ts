import { sql } from "drizzle-orm";
import { bigint, boolean, index, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt } from "./common";
import { workspaces } from "./tenancy";

export const portalStatus = pgEnum("portal_status", ["none", "invited", "active"]);

export const contacts = pgTable(
  "contacts",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Stored trimmed and lower-cased; unique per workspace. */
    email: text("email").notNull(),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    /** E.164 when entered through the app (lib/sms/phone.ts). */
    phone: text("phone"),
    /** The contact replied STOP: SMS steps skip them. */
    smsOptedOutAt: tstz("sms_opted_out_at"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    portalStatus: portalStatus("portal_status").notNull().default("none"),
    passwordHash: text("password_hash"),
    /**
     * The password was set through the checkout shortcut, on an address nobody has proven: the
     * next setup email's link replaces it (SPEC §3, pre-account takeover).
     */
    passwordUnproven: boolean("password_unproven").notNull().default(false),
    /** Changed to sign the contact out of every portal session. */
    sessionVersion: text("session_version").notNull().default(sql`gen_random_uuid()::text`),
    invitedAt: tstz("invited_at"),
    firstLoginAt: tstz("first_login_at"),
    lastLoginAt: tstz("last_login_at"),
    /** What the dashboard's substring search matches: lower-cased "first last email", kept by the database. */
    searchText: text("search_text")
      .notNull()
      .generatedAlwaysAs(sql`lower(first_name || ' ' || last_name || ' ' || email)`),
    /** Bumped by database triggers whenever the contact or what their portal shows them changes (lib/http/page-cache.ts). */
    portalVersion: bigint("portal_version", { mode: "number" }).notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("contacts_workspace_email_key").on(t.workspaceId, sql`lower(${t.email})`),
    index("contacts_search_text_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("contacts_workspace_name_idx").on(t.workspaceId, sql`lower(${t.firstName} || ' ' || ${t.lastName})`, t.email),
    index("contacts_workspace_last_login_idx").on(t.workspaceId, sql`${t.lastLoginAt} desc nulls last`, t.id),
    index("contacts_workspace_status_idx").on(t.workspaceId, t.portalStatus),
    index("contacts_workspace_created_idx").on(t.workspaceId, t.createdAt),
    index("contacts_tags_idx").using("gin", t.tags),
  ],
);

export type Contact = typeof contacts.$inferSelect;
export type PortalStatus = (typeof portalStatus.enumValues)[number];
