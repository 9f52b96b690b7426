import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt, id, tstz } from "./common";
import { contacts } from "./contacts";
import { teamMembers, workspaces } from "./tenancy";

export const tokenKind = pgEnum("token_kind", [
  "learner_magic_link",
  "login_link",
  "password_setup",
  "password_reset",
  "login_code",
  "admin_password_reset",
  "admin_invite",
]);

/**
 * Links and codes (SPEC §3). Only a SHA-256 hash of the secret is stored; a learner token
 * belongs to one workspace and one contact, an admin token to one team member.
 */
export const authTokens = pgTable(
  "auth_tokens",
  {
    id: id(),
    kind: tokenKind("kind").notNull(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "cascade" }),
    teamMemberId: uuid("team_member_id").references(() => teamMembers.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    /** A section or same-workspace path, validated when issued and again when used. */
    destination: text("destination"),
    /** How it was issued: admin_generate, login_page, api, workflow, grant, invite, … */
    issuedVia: text("issued_via").notNull(),
    issuedByTeamMemberId: uuid("issued_by_team_member_id").references(() => teamMembers.id, { onDelete: "set null" }),
    issuedIp: text("issued_ip"),
    issuedUserAgent: text("issued_user_agent"),
    expiresAt: tstz("expires_at").notNull(),
    firstOpenedAt: tstz("first_opened_at"),
    usedAt: tstz("used_at"),
    useCount: integer("use_count").notNull().default(0),
    /** Who used a one-time link first (IP, user agent): only that browser may use it again, within 60 s of the first use. */
    usedIp: text("used_ip"),
    usedUserAgent: text("used_user_agent"),
    revokedAt: tstz("revoked_at"),
    /** superseded, revoked, password_changed, access_revoked, burned */
    revokedReason: text("revoked_reason"),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("auth_tokens_hash_key").on(t.tokenHash),
    index("auth_tokens_contact_live_idx")
      .on(t.contactId, t.kind)
      .where(sql`${t.usedAt} is null and ${t.revokedAt} is null`),
    index("auth_tokens_team_member_idx").on(t.teamMemberId, t.kind),
  ],
);

export const actorType = pgEnum("actor_type", ["admin", "learner", "api_key", "system", "anonymous"]);

/** Who did which security-relevant thing to whom, when, from where. Append-only. */
export const auditEntries = pgTable(
  "audit_entries",
  {
    id: id(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    actorType: actorType("actor_type").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    teamMemberId: uuid("team_member_id").references(() => teamMembers.id, { onDelete: "set null" }),
    authTokenId: uuid("auth_token_id").references(() => authTokens.id, { onDelete: "set null" }),
    ip: text("ip"),
    userAgent: text("user_agent"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_entries_contact_idx").on(t.workspaceId, t.contactId, t.createdAt),
    index("audit_entries_workspace_idx").on(t.workspaceId, t.createdAt),
  ],
);

/** Counters for rate limits, shared by every app instance (rate-limiter-flexible's store). */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: varchar("key", { length: 255 }).primaryKey(),
  points: integer("points").notNull().default(0),
  expire: tstz("expire"),
});

export type AuthToken = typeof authTokens.$inferSelect;
export type TokenKind = (typeof tokenKind.enumValues)[number];
export type AuditEntry = typeof auditEntries.$inferSelect;
export type ActorType = (typeof actorType.enumValues)[number];
