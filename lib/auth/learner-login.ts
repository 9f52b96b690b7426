import { and, eq, sql } from "drizzle-orm";
import { db, type Queryable } from "@/db/client";
import { contacts, type Contact } from "@/db/schema";
import { hasLiveAccess } from "@/lib/access/live-access";
import { findContactByEmail } from "@/lib/contacts/record";
import type { RequestInfo } from "@/lib/context";
import { countSignIn } from "@/lib/metrics";
import { verifyPassword } from "./password";
import { consume, ipKey, LIMITS, reset } from "./rate-limit";

export const learnerAccountKey = (workspaceSlug: string, email: string) => `${workspaceSlug.toLowerCase()}:${email.trim().toLowerCase()}`;

export type LearnerLoginResult =
  | { ok: true; contact: Contact }
  | { ok: false; reason: "invalid" | "no_access" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * Email + password for one workspace's portal. A contact of another workspace never matches.
 * Tries are counted per account and per IP before the password is checked (SPEC §3 rule 9),
 * for unknown emails too; a right one is given back.
 */
export async function authenticateLearner(input: {
  workspaceSlug: string;
  email: string;
  password: string;
  request: RequestInfo;
}): Promise<LearnerLoginResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = learnerAccountKey(input.workspaceSlug, email);
  const ip = ipKey(input.request);
  // Counted before bcrypt runs (atomically, in the database): parallel guesses cannot get past the limit.
  const limit = await consume([LIMITS.passwordPerAccount, accountKey], [LIMITS.passwordPerIp, ip]);
  if (!limit.ok) return { ok: false, reason: "throttled", retryAt: limit.retryAt };
  const contact = await findContactByEmail({ workspaceSlug: input.workspaceSlug }, email);
  const ok = await verifyPassword(input.password, contact?.passwordHash);
  if (!contact || !ok) return { ok: false, reason: "invalid" };
  // A right password does not count as a wrong try.
  await Promise.all([reset(LIMITS.passwordPerAccount, accountKey), LIMITS.passwordPerIp.reward(ip, 1)]);
  if (!(await hasLiveAccess(db, contact.workspaceId, contact.id))) return { ok: false, reason: "no_access" };
  const updated = await markSignedIn(contact, "password", input.request);
  return { ok: true, contact: updated };
}

/** First sign-in makes the contact active and writes the new_sign_up event; every one is audited. */
export async function markSignedIn(contact: Contact, via: string, request: RequestInfo): Promise<Contact> {
  return db.transaction((tx) => recordSignIn(tx, contact, via, request));
}

/**
 * The side effects of a sign-in, written by the database function portico_record_sign_in
 * (migration 0006) that the link redemption statement calls too, so they are defined once.
 */
export async function recordSignIn(q: Queryable, contact: Contact, via: string, request: RequestInfo, extra: { authTokenId?: string; action?: string } = {}): Promise<Contact> {
  await q.execute(
    sql`select portico_record_sign_in(${contact.id}, ${via}, ${extra.action ?? "learner.login"}, ${extra.authTokenId ?? null}, ${request.ip ?? null}, ${request.userAgent ?? null})`,
  );
  countSignIn(via);
  const [updated] = await q.select().from(contacts).where(and(eq(contacts.workspaceId, contact.workspaceId), eq(contacts.id, contact.id)));
  return updated!;
}
