/**
 * Issuing learner links and codes: the one place a secret is created. The secret is
 * returned to the caller (to put in an email or show to an admin once) and only its hash is
 * stored. Supersede rules of SPEC §3 are applied in the same transaction.
 */
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { createHmac, randomInt, randomUUID } from "node:crypto";
import type { Queryable } from "@/db/client";
import { insertMany } from "@/db/insert-many";
import { authTokens, type AuthToken, type Contact, type Workspace } from "@/db/schema";
import { recordAudit, recordAudits } from "@/lib/audit/record";
import type { Actor, RequestInfo } from "@/lib/context";
import { authSecret } from "@/lib/env";
import { normalizeDestination } from "./destination";
import { linkUrl, ttlFor, type LearnerTokenKind } from "./policy";
import { hashSecret, newSecret } from "./secret";

export type IssueInput = {
  workspace: Workspace;
  contact: Contact;
  kind: LearnerTokenKind;
  /** admin_generate, admin_send, login_page, forgot_password, grant, invite, api, workflow, … */
  via: string;
  destination?: string | null;
  /** A magic link only: its lifetime, when the caller chose one (checked with magicLinkLifetimeMs). */
  lifetimeMs?: number;
  actor?: Actor;
  request?: RequestInfo;
  now?: Date;
};

export type Issued = { token: AuthToken; secret: string; url: string };

/** A code's hash is keyed with the server secret and the token id: unique, and useless without the secret. */
export function hashCode(tokenId: string, code: string): string {
  return createHmac("sha256", authSecret()).update(`${tokenId}:${code}`).digest("hex");
}

function supersededBy(input: IssueInput): SQL | undefined {
  const live = and(eq(authTokens.workspaceId, input.workspace.id), eq(authTokens.contactId, input.contact.id), isNull(authTokens.revokedAt));
  const base = and(live, isNull(authTokens.usedAt));
  switch (input.kind) {
    case "learner_magic_link":
      // A magic link works many times: an older one dies whether or not it was used.
      return and(live, eq(authTokens.kind, "learner_magic_link"));
    case "password_reset":
    case "login_code":
      return and(base, eq(authTokens.kind, input.kind));
    case "login_link":
      // Only a newer login-page request replaces an older one; links an admin sent stay good.
      return input.via === "login_page" ? and(base, eq(authTokens.kind, "login_link"), eq(authTokens.issuedVia, "login_page")) : undefined;
    case "password_setup":
      return undefined;
  }
}

type Prepared = { row: typeof authTokens.$inferInsert & { id: string; destination: string | null; expiresAt: Date }; secret: string; url: string };

function prepare(input: IssueInput, now: Date): Prepared {
  const { workspace, contact, kind } = input;
  const isCode = kind === "login_code";
  const id = randomUUID();
  const secret = isCode ? String(randomInt(0, 1_000_000)).padStart(6, "0") : newSecret();
  const row = {
    id,
    kind,
    workspaceId: workspace.id,
    contactId: contact.id,
    tokenHash: isCode ? hashCode(id, secret) : hashSecret(secret),
    destination: normalizeDestination(workspace.slug, input.destination),
    issuedVia: input.via,
    issuedByTeamMemberId: input.actor?.type === "admin" ? input.actor.id : null,
    issuedIp: input.request?.ip ?? null,
    issuedUserAgent: input.request?.userAgent?.slice(0, 512) ?? null,
    expiresAt: new Date(now.getTime() + (kind === "learner_magic_link" && input.lifetimeMs ? input.lifetimeMs : ttlFor(kind, workspace, input.via))),
    createdAt: now,
  };
  return { row, secret, url: isCode ? "" : linkUrl(workspace.slug, secret) };
}

/** The stored row, as the insert would return it (bulk inserts skip RETURNING). */
const tokenOf = ({ row }: Prepared): AuthToken => ({
  teamMemberId: null,
  firstOpenedAt: null,
  usedAt: null,
  useCount: 0,
  usedIp: null,
  usedUserAgent: null,
  revokedAt: null,
  revokedReason: null,
  failedAttempts: 0,
  ...row,
  workspaceId: row.workspaceId ?? null,
  contactId: row.contactId ?? null,
  issuedByTeamMemberId: row.issuedByTeamMemberId ?? null,
  issuedIp: row.issuedIp ?? null,
  issuedUserAgent: row.issuedUserAgent ?? null,
  createdAt: row.createdAt ?? new Date(),
});

const auditOf = (input: IssueInput, p: Prepared) => ({
  workspaceId: input.workspace.id,
  actor: input.actor ?? { type: "system" as const },
  action: `${input.kind}.issued`,
  contactId: input.contact.id,
  authTokenId: p.row.id,
  request: input.request,
  data: { via: input.via, destination: p.row.destination, expiresAt: p.row.expiresAt.toISOString() },
});

export async function issueLearnerToken(q: Queryable, input: IssueInput): Promise<Issued> {
  const now = input.now ?? new Date();
  const superseded = supersededBy(input);
  if (superseded) {
    // Two issues at once for one contact take turns, so the older token is always replaced.
    await q.execute(sql`select 1 from contacts where id = ${input.contact.id} and workspace_id = ${input.workspace.id} for update`);
    await q.update(authTokens).set({ revokedAt: now, revokedReason: "superseded" }).where(superseded);
  }
  const prepared = prepare(input, now);
  const [token] = await q.insert(authTokens).values(prepared.row).returning();
  await recordAudit(q, auditOf(input, prepared));
  return { token: token!, secret: prepared.secret, url: prepared.url };
}

/**
 * Many tokens in three statements (bulk welcome emails of an import). Only for kinds that
 * replace nothing (setup links, admin-sent login links), so no supersede step is skipped.
 */
export async function issueLearnerTokens(q: Queryable, inputs: IssueInput[]): Promise<Issued[]> {
  const { issued, written } = issueLearnerTokensPipelined(q, inputs);
  await written;
  return issued;
}

/**
 * The same, for a caller that writes more in the same transaction right after (the link
 * email): the tokens are known at once, and their rows and audit entries are sent now and
 * written in order ahead of whatever the caller sends next on the connection; await `written`
 * before the transaction ends.
 */
export function issueLearnerTokensPipelined(q: Queryable, inputs: IssueInput[]): { issued: Issued[]; written: Promise<unknown> } {
  if (inputs.length === 0) return { issued: [], written: Promise.resolve() };
  if (inputs.some((i) => supersededBy(i))) throw new Error("issueLearnerTokens: this kind supersedes older tokens; issue it one at a time");
  const now = inputs[0]!.now ?? new Date();
  const prepared = inputs.map((i) => prepare(i, now));
  const written = Promise.all([insertMany(q, authTokens, prepared.map((p) => p.row)), recordAudits(q, inputs.map((i, n) => auditOf(i, prepared[n]!)))]);
  written.catch(() => {}); // the caller awaits it (and sees the failure) after queueing its own statements
  return { issued: prepared.map((p) => ({ token: tokenOf(p), secret: p.secret, url: p.url })), written };
}
