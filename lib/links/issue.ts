/**
 * Issuing learner links and codes: the one place a secret is created. The secret is
 * returned to the caller (to put in an email or show to an admin once) and only its hash is
 * stored. Supersede rules of SPEC §3 are applied in the same transaction.
 */
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { createHmac, randomInt, randomUUID } from "node:crypto";
import type { Queryable } from "@/db/client";
import { authTokens, type AuthToken, type Contact, type Workspace } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
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
  const base = and(eq(authTokens.workspaceId, input.workspace.id), eq(authTokens.contactId, input.contact.id), isNull(authTokens.usedAt), isNull(authTokens.revokedAt));
  switch (input.kind) {
    case "learner_magic_link":
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

export async function issueLearnerToken(q: Queryable, input: IssueInput): Promise<Issued> {
  const now = input.now ?? new Date();
  const { workspace, contact, kind } = input;
  const isCode = kind === "login_code";
  const id = randomUUID();
  const secret = isCode ? String(randomInt(0, 1_000_000)).padStart(6, "0") : newSecret();
  const superseded = supersededBy(input);
  if (superseded) await q.update(authTokens).set({ revokedAt: now, revokedReason: "superseded" }).where(superseded);
  const [token] = await q
    .insert(authTokens)
    .values({
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
      expiresAt: new Date(now.getTime() + ttlFor(kind, workspace, input.via)),
      createdAt: now,
    })
    .returning();
  await recordAudit(q, {
    workspaceId: workspace.id,
    actor: input.actor ?? { type: "system" },
    action: `${kind}.issued`,
    contactId: contact.id,
    authTokenId: id,
    request: input.request,
    data: { via: input.via, destination: token!.destination, expiresAt: token!.expiresAt.toISOString() },
  });
  return { token: token!, secret, url: isCode ? "" : linkUrl(workspace.slug, secret) };
}

/** Revokes every live setup and reset link of a contact: their password was just set. */
export async function revokePasswordLinks(q: Queryable, workspaceId: string, contactId: string, now = new Date()) {
  await q
    .update(authTokens)
    .set({ revokedAt: now, revokedReason: "password_changed" })
    .where(
      and(
        eq(authTokens.workspaceId, workspaceId),
        eq(authTokens.contactId, contactId),
        sql`${authTokens.kind} in ('password_setup', 'password_reset')`,
        isNull(authTokens.usedAt),
        isNull(authTokens.revokedAt),
      ),
    );
}
