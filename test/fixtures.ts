/** Rows for tests, written straight to the (real) database. */
import { desc, eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { db } from "@/db/client";
import { contacts, emailMessages, offerGrants, offers, workspaces, type Contact, type Workspace } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { drainOutbox } from "@/lib/mail/deliver";
import { openMessage } from "@/lib/mail/sealed";

export const request = { ip: "203.0.113.7", userAgent: "vitest" };

// No "-" before the hex: a slug like "ws-123456" put a word-bounded six-digit number in every email of its workspace, ahead of the code tests read.
export async function makeWorkspace(slug = `ws${randomBytes(4).toString("hex")}`): Promise<Workspace> {
  const [ws] = await db.insert(workspaces).values({ slug, name: `Academy ${slug}` }).returning();
  await db.insert(offers).values({ workspaceId: ws!.id, title: "All access", slug: "all-access", status: "published" });
  return ws!;
}

/** A contact; with `access` (default) they hold an active grant, so links let them in. */
export async function makeContact(ws: Workspace, opts: { email?: string; access?: boolean; password?: string; firstName?: string } = {}): Promise<Contact> {
  const email = opts.email ?? `learner-${randomBytes(4).toString("hex")}@example.com`;
  const [c] = await db
    .insert(contacts)
    .values({ workspaceId: ws.id, email, firstName: opts.firstName ?? "Lee", lastName: "Learner", passwordHash: opts.password ? await hashPassword(opts.password) : null })
    .returning();
  if (opts.access ?? true) {
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id)).limit(1);
    await db.insert(offerGrants).values({ workspaceId: ws.id, contactId: c!.id, offerId: offer!.id, source: "admin" });
  }
  return c!;
}

export async function reload(c: Contact): Promise<Contact> {
  const [row] = await db.select().from(contacts).where(eq(contacts.id, c.id));
  return row!;
}

/** Delivers the outbox (dev transport) and returns the newest email to `to`, opened. */
export async function latestEmail(to: string) {
  await drainOutbox();
  const [m] = await db.select().from(emailMessages).where(eq(emailMessages.toEmail, to)).orderBy(desc(emailMessages.createdAt)).limit(1);
  return m ? openMessage(m) : undefined;
}

export const secretOf = (url: string) => url.split("/").pop()!;
