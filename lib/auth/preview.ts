/**
 * "Preview as learner" (SPEC §3): an admin sees the portal as one contact without any link
 * being issued. A reason is required; the portal session it starts lasts at most 30 minutes,
 * lives in the portal's cookie (never the admin's), shows a banner with "End preview" on every
 * portal page, and both its start and its end are audited. It reads only: learner actions are
 * refused (learnerAction), and pages that record on a visit (lesson started, the referral code)
 * check currentPreview and write nothing in the learner's name.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { contacts } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { isUuid } from "@/lib/utils";
import { learnerSessionCookie, type SessionCookie } from "./learner-session";

export const PREVIEW_SECONDS = 30 * 60;

export const previewReason = z.string().trim().min(5, "Say why you are previewing (at least 5 characters): it is recorded on the contact.").max(300);

export async function startPreview(ctx: Ctx, input: { contactId: string; reason: string }): Promise<{ ok: true; cookie: SessionCookie } | { ok: false; error: string }> {
  const { workspace } = ctx;
  if (ctx.actor.type !== "admin") return { ok: false, error: "Only an admin can preview." };
  const reason = previewReason.safeParse(input.reason);
  if (!reason.success) return { ok: false, error: reason.error.issues[0]!.message };
  const [contact] = isUuid(input.contactId)
    ? await db.select().from(contacts).where(and(eq(contacts.workspaceId, workspace.id), eq(contacts.id, input.contactId))).limit(1)
    : [];
  if (!contact) return { ok: false, error: "No such contact in this workspace." };
  await recordAudit(db, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "learner.preview_started", contactId: contact.id, data: { reason: reason.data, minutes: PREVIEW_SECONDS / 60 } });
  return { ok: true, cookie: await learnerSessionCookie(contact, { adminId: ctx.actor.id, seconds: PREVIEW_SECONDS }) };
}

export async function recordPreviewEnded(ctx: Ctx, contactId: string): Promise<void> {
  await recordAudit(db, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "learner.preview_ended", contactId });
}
