/** Editing a contact's profile from the dashboard (names, phone, tags). The email is the contact's identity and stays. */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { contacts } from "@/db/schema";
import { recordEvents } from "@/lib/access/events";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx, SaveResult } from "@/lib/context";
import { normalizePhone, phoneField } from "@/lib/sms/phone";
import { isUuid } from "@/lib/utils";
import { contactUpdatedEvents } from "@/lib/webhooks/contact-events";
import { tagEvents } from "./tags";

export const profileSchema = z.object({
  firstName: z.string().trim().max(100, "At most 100 characters."),
  lastName: z.string().trim().max(100, "At most 100 characters."),
  /** Stored in E.164 (lib/sms/phone.ts); empty is no phone. */
  phone: phoneField(),
  tags: z
    .string()
    .max(1000)
    .transform((s) => [...new Set(s.split(",").map((t) => t.trim()).filter(Boolean))].sort())
    .refine((t) => t.every((x) => x.length <= 50), "Each tag is at most 50 characters."),
});

export async function saveProfile(ctx: Ctx, contactId: string, input: z.infer<typeof profileSchema>): Promise<SaveResult> {
  if (!isUuid(contactId)) return { ok: false, fieldErrors: { form: "No such contact." } };
  // Normalised again here: a caller may hand over input the schema never saw.
  const phone = input.phone ? normalizePhone(input.phone) : null;
  if (phone && !phone.ok) return { ok: false, fieldErrors: { phone: phone.error } };
  const rows = await db.transaction(async (tx) => {
    const [before] = await tx.select({ tags: contacts.tags, firstName: contacts.firstName, lastName: contacts.lastName, phone: contacts.phone }).from(contacts).where(and(eq(contacts.workspaceId, ctx.workspace.id), eq(contacts.id, contactId))).for("update");
    const updated = await tx
      .update(contacts)
      .set({ firstName: input.firstName, lastName: input.lastName, phone: phone?.e164 ?? null, tags: input.tags, updatedAt: new Date() })
      .where(and(eq(contacts.workspaceId, ctx.workspace.id), eq(contacts.id, contactId)))
      .returning({ id: contacts.id });
    if (updated.length) await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: "contact.profile_changed", contactId });
    if (updated.length) {
      const after = { firstName: input.firstName, lastName: input.lastName, phone: phone?.e164 ?? null, tags: input.tags };
      await recordEvents(tx, ctx.workspace.id, [...contactUpdatedEvents(contactId, before, after), ...tagEvents(contactId, before?.tags ?? [], input.tags)]);
    }
    return updated;
  });
  return rows.length ? { ok: true, id: contactId } : { ok: false, fieldErrors: { form: "No such contact." } };
}
