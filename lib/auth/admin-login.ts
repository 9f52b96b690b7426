/**
 * Email + password for the admin realm. Tries are counted per account and per IP before the
 * password is checked (atomically, in PostgreSQL), so parallel guesses cannot get past the
 * limit; a right password is given back. Unknown emails are counted the same way.
 */
import { eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { teamMembers, type TeamMember } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { RequestInfo } from "@/lib/context";
import { verifyPassword } from "./password";
import { consume, ipKey, LIMITS, reset } from "./rate-limit";

export type AdminLoginResult = { ok: true; member: TeamMember } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAt: Date };

export const adminAccountKey = (email: string) => `admin:${email.trim().toLowerCase()}`;

export async function authenticateAdmin(input: { email: string; password: string; request: RequestInfo }): Promise<AdminLoginResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = adminAccountKey(email);
  const ip = ipKey(input.request);
  const limit = await consume([LIMITS.passwordPerAccount, accountKey], [LIMITS.passwordPerIp, ip]);
  if (!limit.ok) return { ok: false, reason: "throttled", retryAt: limit.retryAt };
  const [member] = await db.select().from(teamMembers).where(eq(sql`lower(${teamMembers.email})`, email)).limit(1);
  const ok = await verifyPassword(input.password, member?.passwordHash);
  if (!member || !ok) return { ok: false, reason: "invalid" };
  await Promise.all([reset(LIMITS.passwordPerAccount, accountKey), LIMITS.passwordPerIp.reward(ip, 1)]);
  await db.transaction(async (tx) => {
    await tx.update(teamMembers).set({ lastLoginAt: new Date() }).where(eq(teamMembers.id, member.id));
    await recordAudit(tx, { actor: { type: "admin", id: member.id }, action: "admin.login", teamMemberId: member.id, request: input.request });
  });
  return { ok: true, member };
}
