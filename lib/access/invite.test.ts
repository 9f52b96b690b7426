import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { contacts, emailMessages, events, groups, offerGrants, offers, workspaces, type Workspace } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { completePasswordLink } from "@/lib/links/password-links";
import { setSystemEmail } from "@/lib/mail/system-emails";
import { latestEmail, makeContact, makeWorkspace, reload, request, secretOf } from "@/test/fixtures";
import { inviteByEmail, inviteContacts } from "./invite";

let ws: Workspace;
let ctx: Ctx;
const count = async (table: typeof emailMessages | typeof events | typeof offerGrants, contactId: string) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.contactId, contactId)))[0]!.n;

beforeAll(async () => {
  ws = await makeWorkspace();
  ctx = { workspace: ws, actor: { type: "system" }, request };
});

describe("Invite (SPEC §5 portal invitation, §6)", () => {
  it("an existing contact with access: invitation with a set-password link, status invited, event once; the link sets a password", async () => {
    const c = await makeContact(ws);
    const r = await inviteContacts(ctx, [c.id]);
    expect(r).toMatchObject({ invited: 1, skipped: 0 });
    const after = await reload(c);
    expect(after.portalStatus).toBe("invited");
    expect(after.invitedAt).not.toBeNull();
    const mail = await latestEmail(c.email);
    expect(mail?.subject).toBe(`You're invited to ${ws.name}`);
    expect(mail?.html).toContain("Accept invitation");
    const url = mail!.links[0]!;
    const done = await completePasswordLink({ workspace: ws, secret: secretOf(url), password: "marble lantern orchard 58", request });
    expect(done.ok).toBe(true);
    expect((await reload(c)).passwordHash).not.toBeNull();
    // Inviting again sends again but the contact_invited event is written once (status none → invited only).
    await inviteContacts(ctx, [c.id]);
    const invitedEvents = await db.select().from(events).where(and(eq(events.contactId, c.id), eq(events.type, "contact_invited")));
    expect(invitedEvents).toHaveLength(1);
  });

  it("a new address with an offer: created, granted (no separate welcome email), invited — in one transaction", async () => {
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    const r = await inviteByEmail(ctx, { email: " New.Person@Example.com ", firstName: "New", lastName: "Person", offerId: offer!.id });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.created, r.contact.email, r.contact.portalStatus]).toEqual([true, "new.person@example.com", "invited"]);
    expect(await count(offerGrants, r.contact.id)).toBe(1);
    const mails = await db.select().from(emailMessages).where(eq(emailMessages.contactId, r.contact.id));
    expect(mails.map((m) => m.template)).toEqual(["invitation"]);
    const [group] = await db.insert(groups).values({ workspaceId: ws.id, name: "Circle", slug: "circle" }).returning();
    const viaGroup = await inviteByEmail(ctx, { email: "grouped@example.com", groupId: group!.id });
    expect(viaGroup.ok).toBe(true);
  });

  it("without any access, or with the invitation email off, nothing is created or sent", async () => {
    const none = await inviteByEmail(ctx, { email: "nobody@example.com" });
    expect(none).toMatchObject({ ok: false, field: "offerId" });
    expect(await db.select().from(contacts).where(eq(contacts.email, "nobody@example.com"))).toEqual([]);
    const bare = await makeContact(ws, { access: false });
    expect(await inviteContacts(ctx, [bare.id])).toMatchObject({ invited: 0, skipped: 1 });
    expect((await reload(bare)).portalStatus).toBe("none");
    expect(await count(emailMessages, bare.id)).toBe(0);

    await setSystemEmail(ctx, "invitation", false);
    const off = { ...ctx, workspace: (await db.select().from(workspaces).where(eq(workspaces.id, ws.id)))[0]! };
    const withAccess = await makeContact(ws);
    await expect(inviteContacts(off, [withAccess.id])).rejects.toThrow("portal invitation email is turned off");
    expect(await inviteByEmail(off, { email: "x@example.com", offerId: (await db.select().from(offers).where(eq(offers.workspaceId, ws.id)))[0]!.id })).toMatchObject({ ok: false });
    expect(await count(emailMessages, withAccess.id)).toBe(0);
  });

  it("an active contact stays active; a contact of another workspace is never invited", async () => {
    const active = await makeContact(ws, { password: "marble lantern orchard 58" });
    await db.update(contacts).set({ portalStatus: "active" }).where(eq(contacts.id, active.id));
    const other = await makeWorkspace();
    const foreign = await makeContact(other);
    const on = { ...ctx, workspace: { ...ws, settings: {} } };
    expect(await inviteContacts(on, [active.id, foreign.id])).toMatchObject({ invited: 1, skipped: 1 });
    expect((await reload(active)).portalStatus).toBe("active");
    expect((await latestEmail(active.email))?.html).toContain("Sign in to the portal");
    expect((await reload(foreign)).portalStatus).toBe("none");
    expect(await count(emailMessages, foreign.id)).toBe(0);
  });
});
