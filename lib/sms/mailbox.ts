import { and, desc, eq, inArray } from "drizzle-orm";
import { db } from "@/db/client";
import { smsMessages } from "@/db/schema";
import { unseal } from "@/lib/mail/sealed";

export type DevSms = { id: string; to: string; body: string; status: string; createdAt: Date; sentAt: Date | null };

/** The dev mailbox's texts: SMS "sent" by the dev transport, newest first, bodies opened. */
export async function listDevSms(limit = 100): Promise<DevSms[]> {
  const rows = await db
    .select({ id: smsMessages.id, to: smsMessages.toPhone, body: smsMessages.body, status: smsMessages.status, createdAt: smsMessages.createdAt, sentAt: smsMessages.sentAt })
    .from(smsMessages)
    .where(and(eq(smsMessages.transport, "dev"), inArray(smsMessages.status, ["sent", "delivered"])))
    .orderBy(desc(smsMessages.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, body: openBody(r.body) }));
}

function openBody(sealed: string): string {
  try {
    return unseal(sealed);
  } catch {
    // Sealed under another AUTH_SECRET (a copied database): say so rather than fail the page.
    return "(This text was sealed with another AUTH_SECRET and cannot be opened.)";
  }
}
