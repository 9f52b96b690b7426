import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt } from "./common";

export type WorkspaceSettings = {
  /** Learner magic link lifetime in hours (1 h – 30 days). */
  magicLinkHours?: number;
  /** System emails turned off for this workspace, by template key. */
  disabledEmails?: string[];
};

export const workspaces = pgTable(
  "workspaces",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    logoUrl: text("logo_url"),
    accentColor: text("accent_color").notNull().default("#4f46e5"),
    senderName: text("sender_name"),
    replyTo: text("reply_to"),
    /** Lower-cased host name; serves the portal only once verified (lib/tenancy/domain-verify.ts). */
    customDomain: text("custom_domain"),
    /** The value the domain's `_portico-verify` TXT record must hold; new for every domain entered. */
    customDomainToken: text("custom_domain_token"),
    /** When the TXT record was last found; cleared whenever the domain changes. */
    customDomainVerifiedAt: tstz("custom_domain_verified_at"),
    /** Standard Webhooks signing secret for workflow webhook steps, sealed (lib/mail/sealed.ts); made on first use. */
    webhookSecret: text("webhook_secret"),
    settings: jsonb("settings").$type<WorkspaceSettings>().notNull().default({}),
    /** Bumped by database triggers whenever the workspace or its portal content changes (lib/http/page-cache.ts). */
    portalVersion: bigint("portal_version", { mode: "number" }).notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("workspaces_slug_key").on(t.slug),
    // One workspace per served domain: unverified entries do not block the domain's real owner.
    uniqueIndex("workspaces_verified_domain_key").on(sql`lower(${t.customDomain})`).where(sql`${t.customDomainVerifiedAt} is not null`),
  ],
);

export const teamMembers = pgTable(
  "team_members",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    /** Bumped to end every admin session of this person. */
    sessionVersion: text("session_version").notNull().default(sql`gen_random_uuid()::text`),
    lastLoginAt: tstz("last_login_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("team_members_email_key").on(sql`lower(${t.email})`)],
);

export const memberRole = pgEnum("member_role", ["owner", "admin", "member"]);

export const workspaceMembers = pgTable(
  "workspace_members",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    teamMemberId: uuid("team_member_id")
      .notNull()
      .references(() => teamMembers.id, { onDelete: "cascade" }),
    role: memberRole("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.teamMemberId] }), index("workspace_members_member_idx").on(t.teamMemberId)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** SHA-256 of the secret, hex. The secret itself is shown once and never stored. */
    keyHash: text("key_hash").notNull(),
    /** The key's first characters, enough to recognise it in the dashboard, useless to use. */
    prefix: text("prefix").notNull(),
    /** What the key may do (lib/api/scopes.ts). */
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    expiresAt: tstz("expires_at"),
    createdBy: uuid("created_by").references(() => teamMembers.id, { onDelete: "set null" }),
    lastUsedAt: tstz("last_used_at"),
    revokedAt: tstz("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash), index("api_keys_workspace_idx").on(t.workspaceId)],
);

export type Workspace = typeof workspaces.$inferSelect;
export type TeamMember = typeof teamMembers.$inferSelect;
export type WorkspaceMember = typeof workspaceMembers.$inferSelect;
export type MemberRole = (typeof memberRole.enumValues)[number];
export type ApiKey = typeof apiKeys.$inferSelect;
