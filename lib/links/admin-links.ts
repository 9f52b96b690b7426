/**
 * What an admin does with a contact's links from the dashboard: generate a magic link (shown
 * once, optionally emailed), send a login or reset email, see outstanding links and revoke
 * them. Every function takes the workspace from the caller's authorized context and looks
 * the contact up inside it, so an id from another workspace finds nothing.
 */
import { and, desc, eq, gt, isNull, ne, or } from "drizzle-orm";
import { db } from "@/db/client";
import { authTokens, type AuthToken } from "@/db/schema";
import { hasLiveAccess } from "@/lib/access/live-access";
import { recordAudit } from "@/lib/audit/record";
import { getContactOrThrow } from "@/lib/contacts/record";
import type { Ctx } from "@/lib/context";
import { EMAIL_OFF_MESSAGE, isEmailOn } from "@/lib/mail/email-settings";
import { wakeOutbox } from "@/lib/mail/outbox";
import { issueLearnerToken } from "./issue";
import { queueMagicLinkEmail, queuePasswordEmail, queueSignInEmail } from "./send";

export type NoAccess = { ok: false; error: string };
const NO_ACCESS: NoAccess = {
  ok: false,
  error: "This contact has no active offer and no group, so a link would not let them in. Grant an offer or add them to a group first.",
};

export async function generateMagicLink(ctx: Ctx, input: { contactId: string; destination?: string | null; sendEmail: boolean; lifetimeMs?: number; via?: string }) {
  const { workspace } = ctx;
  const contact = await getContactOrThrow(workspace.id, input.contactId);
  if (!(await hasLiveAccess(db, workspace.id, contact.id))) return NO_ACCESS;
  if (input.sendEmail && !isEmailOn(workspace, "login_link")) return { ok: false as const, error: `${EMAIL_OFF_MESSAGE.login_link} Copy the link instead.` };
  const issueInput = { workspace, contact, via: input.via ?? "admin_generate", destination: input.destination, lifetimeMs: input.lifetimeMs, actor: ctx.actor, request: ctx.request };
  const issued = await db.transaction((tx) =>
    input.sendEmail ? queueMagicLinkEmail(tx, issueInput) : issueLearnerToken(tx, { ...issueInput, kind: "learner_magic_link" }),
  );
  if (input.sendEmail) await wakeOutbox();
  return { ok: true as const, url: issued.url, expiresAt: issued.token.expiresAt, emailed: input.sendEmail };
}

export async function sendLoginEmail(ctx: Ctx, contactId: string) {
  const { workspace } = ctx;
  const contact = await getContactOrThrow(workspace.id, contactId);
  if (!(await hasLiveAccess(db, workspace.id, contact.id))) return NO_ACCESS;
  if (!isEmailOn(workspace, "login_link")) return { ok: false as const, error: EMAIL_OFF_MESSAGE.login_link };
  await db.transaction((tx) => queueSignInEmail(tx, { workspace, contact, via: "admin_send", actor: ctx.actor, request: ctx.request }));
  await wakeOutbox();
  return { ok: true as const, message: `Login email queued for ${contact.email}.` };
}

export async function sendResetLink(ctx: Ctx, contactId: string) {
  const { workspace } = ctx;
  const contact = await getContactOrThrow(workspace.id, contactId);
  if (!(await hasLiveAccess(db, workspace.id, contact.id))) return NO_ACCESS;
  if (contact.passwordHash && !isEmailOn(workspace, "password_reset")) return { ok: false as const, error: EMAIL_OFF_MESSAGE.password_reset };
  await db.transaction((tx) => queuePasswordEmail(tx, { workspace, contact, via: "admin_send", actor: ctx.actor, request: ctx.request }));
  await wakeOutbox();
  const what = contact.passwordHash ? "Password reset link" : "They have no password yet, so a set-password link";
  return { ok: true as const, message: `${what} queued for ${contact.email}.` };
}

export type LinkRow = Pick<AuthToken, "id" | "kind" | "issuedVia" | "destination" | "createdAt" | "expiresAt" | "firstOpenedAt" | "usedAt" | "useCount" | "revokedAt" | "revokedReason">;

/** Links and codes still usable, and those that ended in the last 30 days, newest first. */
export async function listContactLinks(workspaceId: string, contactId: string): Promise<LinkRow[]> {
  const since = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  return db
    .select({
      id: authTokens.id,
      kind: authTokens.kind,
      issuedVia: authTokens.issuedVia,
      destination: authTokens.destination,
      createdAt: authTokens.createdAt,
      expiresAt: authTokens.expiresAt,
      firstOpenedAt: authTokens.firstOpenedAt,
      usedAt: authTokens.usedAt,
      useCount: authTokens.useCount,
      revokedAt: authTokens.revokedAt,
      revokedReason: authTokens.revokedReason,
    })
    .from(authTokens)
    .where(and(eq(authTokens.workspaceId, workspaceId), eq(authTokens.contactId, contactId), or(gt(authTokens.createdAt, since), gt(authTokens.expiresAt, new Date()))))
    .orderBy(desc(authTokens.createdAt))
    .limit(50);
}

export async function revokeLink(ctx: Ctx, input: { contactId: string; tokenId: string }) {
  const { workspace } = ctx;
  const contact = await getContactOrThrow(workspace.id, input.contactId);
  const revoked = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(authTokens)
      .set({ revokedAt: new Date(), revokedReason: "revoked" })
      .where(
        and(
          eq(authTokens.workspaceId, workspace.id),
          eq(authTokens.contactId, contact.id),
          eq(authTokens.id, input.tokenId),
          isNull(authTokens.revokedAt),
          or(isNull(authTokens.usedAt), eq(authTokens.kind, "learner_magic_link")),
          ne(authTokens.kind, "admin_password_reset"),
        ),
      )
      .returning({ id: authTokens.id, kind: authTokens.kind });
    if (row) await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, action: `${row.kind}.revoked`, contactId: contact.id, authTokenId: row.id, request: ctx.request });
    return row;
  });
  return revoked ? { ok: true as const, message: "Link revoked." } : { ok: false as const, error: "That link is already used, revoked or gone." };
}
