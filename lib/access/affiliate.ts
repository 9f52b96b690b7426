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
  const find = async () =>
    (await db.select({ code: affiliates.code }).from(affiliates).where(and(eq(affiliates.workspaceId, workspaceId), eq(affiliates.contactId, contactId))).limit(1))[0]?.code;
  const existing = await find();
  if (existing) return existing;
  // Two first visits at once: one insert wins, both read the winner's code.
  await db.insert(affiliates).values({ workspaceId, contactId, code: newCode() }).onConflictDoNothing();
  return (await find())!;
}
