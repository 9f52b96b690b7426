import { and, eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { db } from "@/db/client";
import { affiliates } from "@/db/schema";

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function newCode(): string {
  return [...randomBytes(8)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

/** The learner's referral code, created on first visit (one per contact). */
export async function affiliateCodeFor(workspaceId: string, contactId: string): Promise<string> {
  const existing = await db.select({ code: affiliates.code }).from(affiliates).where(and(eq(affiliates.workspaceId, workspaceId), eq(affiliates.contactId, contactId))).limit(1);
  if (existing[0]) return existing[0].code;
  await db.insert(affiliates).values({ workspaceId, contactId, code: newCode() }).onConflictDoNothing();
  const [row] = await db.select({ code: affiliates.code }).from(affiliates).where(and(eq(affiliates.workspaceId, workspaceId), eq(affiliates.contactId, contactId))).limit(1);
  return row!.code;
}
