import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEntries, authTokens, contacts, events, groups, offers, teamMembers, workspaces, type Contact, type Workspace } from "@/db/schema";
import { checkout, dashboardLink } from "@/lib/access/checkout";
import { receiptCookie } from "@/lib/access/checkout-receipt";
import { grantOfferToContact, revokeOfferFromContact } from "@/lib/access/enrollment";
import { addToGroup, removeFromGroup } from "@/lib/access/groups";
import { hasLiveAccess } from "@/lib/access/live-access";
import { setOwnPassword, signOutEverywhere } from "@/lib/auth/learner-account";
import { authenticateLearner } from "@/lib/auth/learner-login";
import type { Ctx } from "@/lib/context";
import { makeContact, makeWorkspace, latestEmail, reload, request, secretOf } from "@/test/fixtures";
import { issueAdminToken } from "./admin-tokens";
import { issueLearnerToken } from "./issue";
import { openLink } from "./landing";
import { completePasswordLink } from "./password-links";
import { redeemSignInLink } from "./redeem";
import { verifyCode } from "./codes";
import { hashSecret } from "./secret";

const issue = (ws: Workspace, c: Contact, kind: Parameters<typeof issueLearnerToken>[1]["kind"], via = "admin_send") =>
  db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind, via }));

describe("one token lifecycle (issue 12, items 8-11)", () => {
  let ws: Workspace;
  let ctx: Ctx;
  beforeAll(async () => {
    ws = await makeWorkspace("lifecycle");
    const [owner] = await db.insert(teamMembers).values({ email: `owner-${ws.slug}@example.com`, name: "Owner" }).returning();
    ctx = { workspace: ws, actor: { type: "admin", id: owner!.id }, request };
  });

  it("8. a newer magic link kills an older one that was already used", async () => {
    const c = await makeContact(ws);
    const first = await issue(ws, c, "learner_magic_link", "admin_generate");
    expect((await redeemSignInLink(ws.slug, secretOf(first.url), request)).ok).toBe(true);
    await issue(ws, c, "learner_magic_link", "admin_generate");
    expect(await redeemSignInLink(ws.slug, secretOf(first.url), request)).toEqual({ ok: false, problem: "replaced" });
    expect(await openLink(ws, secretOf(first.url), request)).toEqual({ state: "dead", problem: "replaced" });
  });

  it("9. revoking the last access ends the portal session; while other access remains, it does not", async () => {
    const c = await makeContact(ws);
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id)).limit(1);
    const [group] = await db.insert(groups).values({ workspaceId: ws.id, name: "Circle", slug: `circle-${c.id.slice(0, 6)}` }).returning();
    await addToGroup(ctx, { groupId: group!.id, contactId: c.id });
    const v0 = c.sessionVersion;
    await revokeOfferFromContact(ctx, { contactId: c.id, offerId: offer!.id });
    expect((await reload(c)).sessionVersion).toBe(v0); // still in the group: still signed in
    const magic = await issue(ws, c, "learner_magic_link", "admin_generate");
    await removeFromGroup(ctx, { groupId: group!.id, contactId: c.id });
    expect(await hasLiveAccess(db, ws.id, c.id)).toBe(false);
    expect((await reload(c)).sessionVersion).not.toBe(v0);
    // Access given back later does not bring the old magic link back to life.
    await grantOfferToContact(ctx, { contactId: c.id, offerId: offer!.id });
    expect(await redeemSignInLink(ws.slug, secretOf(magic.url), request)).toEqual({ ok: false, problem: "revoked" });
  });

  it("9. sign out everywhere ends every sign-in link and code; a password change and a reset end every link", async () => {
    const c = await makeContact(ws, { password: "violet harbor engine 31" });
    const magic = await issue(ws, c, "learner_magic_link", "admin_generate");
    const login = await issue(ws, c, "login_link");
    const code = await issue(ws, c, "login_code", "login_page");
    await signOutEverywhere({ workspace: ws, contact: c, request });
    for (const t of [magic, login, code]) expect((await db.select().from(authTokens).where(eq(authTokens.id, t.token.id)))[0]!.revokedAt).not.toBeNull();
    expect((await redeemSignInLink(ws.slug, secretOf(magic.url), request)).ok).toBe(false);

    const magic2 = await issue(ws, c, "learner_magic_link", "admin_generate");
    const changed = await setOwnPassword({ workspace: ws, contact: await reload(c), request, current: "violet harbor engine 31", password: "amber quarry willow 58" });
    expect(changed.ok).toBe(true);
    expect(await redeemSignInLink(ws.slug, secretOf(magic2.url), request)).toEqual({ ok: false, problem: "revoked" });

    // A leaked magic link does not outlive a password reset.
    const magic3 = await issue(ws, c, "learner_magic_link", "admin_generate");
    const reset = await issue(ws, c, "password_reset", "forgot_password");
    const done = await completePasswordLink({ workspace: ws, secret: secretOf(reset.url), password: "copper lantern meadow 77", request });
    expect(done.ok).toBe(true);
    expect(await redeemSignInLink(ws.slug, secretOf(magic3.url), request)).toEqual({ ok: false, problem: "revoked" });
  });

  it("10. every sign-in writes the same side effects, once: by link and by password alike", async () => {
    const byLink = await makeContact(ws);
    const byPassword = await makeContact(ws, { password: "silver meadow orbit 44" });
    const link = await issue(ws, byLink, "login_link");
    expect((await redeemSignInLink(ws.slug, secretOf(link.url), request)).ok).toBe(true);
    expect((await authenticateLearner({ workspaceSlug: ws.slug, email: byPassword.email, password: "silver meadow orbit 44", request })).ok).toBe(true);
    expect((await authenticateLearner({ workspaceSlug: ws.slug, email: byPassword.email, password: "silver meadow orbit 44", request })).ok).toBe(true);
    for (const [c, via, times] of [[byLink, "login_link", 1], [byPassword, "password", 2]] as const) {
      const row = await reload(c);
      expect([row.portalStatus, !!row.firstLoginAt, !!row.lastLoginAt]).toEqual(["active", true, true]);
      const signUps = await db.select().from(events).where(and(eq(events.contactId, c.id), eq(events.type, "new_sign_up")));
      expect(signUps.map((e) => e.data)).toEqual([{ via }]);
      const audits = await db.select().from(auditEntries).where(and(eq(auditEntries.contactId, c.id), eq(auditEntries.actorType, "learner")));
      expect(audits).toHaveLength(times);
      expect(audits.every((a) => a.ip === request.ip && a.userAgent === request.userAgent && (a.data as { via?: string }).via === via)).toBe(true);
    }
  });

  it("10. admin links are issued through lib/links: a newer invite replaces the older", async () => {
    const [m] = await db.insert(teamMembers).values({ email: `new-${ws.slug}@example.com`, name: "New" }).returning();
    const a = await db.transaction((tx) => issueAdminToken(tx, { kind: "admin_invite", teamMemberId: m!.id, via: "team_invite" }));
    await db.transaction((tx) => issueAdminToken(tx, { kind: "admin_invite", teamMemberId: m!.id, via: "team_invite" }));
    expect((await db.select().from(authTokens).where(eq(authTokens.id, a.token.id)))[0]!.revokedReason).toBe("superseded");
  });

  it("11. a password set through the checkout shortcut is unproven: the address's next setup email replaces it and ends its sessions", async () => {
    const victim = `victim-${Date.now()}@example.com`;
    // The attacker buys a free offer with someone else's address and uses "View Dashboard".
    const out = await checkout({ workspace: ws, offer: (await db.select().from(offers).where(eq(offers.workspaceId, ws.id)))[0]!, name: "Not Victim", email: victim, request });
    if (!out.ok) throw new Error("throttled");
    const path = await dashboardLink(ws, (await receiptCookie(ws.slug, out.receipt)).value, request);
    const shortcut = await completePasswordLink({ workspace: ws, secret: path!.split("/").pop()!, password: "attacker knows this 123", request });
    if (!shortcut.ok) throw new Error("shortcut failed");
    const attacker = await reload(shortcut.contact);
    expect(attacker.passwordUnproven).toBe(true);

    // The checkout's own welcome email still works for the inbox's owner: it asks for a new password.
    const welcome = (await latestEmail(victim))!;
    expect(await openLink(ws, secretOf(welcome.links[0]!), request)).toMatchObject({ state: "set_password" });

    // A later grant from another path sends a setup link, not a login link.
    const [second] = await db.insert(offers).values({ workspaceId: ws.id, title: "Bonus", slug: `bonus-${Date.now()}`, status: "published" }).returning();
    await grantOfferToContact(ctx, { contactId: attacker.id, offerId: second!.id });
    const later = (await latestEmail(victim))!;
    expect(later.subject).toMatch(/set your password/);
    const replaced = await completePasswordLink({ workspace: ws, secret: secretOf(later.links[0]!), password: "only the owner knows 456", request });
    expect(replaced.ok).toBe(true);
    const owner = (await db.select().from(contacts).where(eq(contacts.id, attacker.id)))[0]!;
    expect(owner.passwordUnproven).toBe(false);
    expect(owner.sessionVersion).not.toBe(attacker.sessionVersion); // the attacker's session ended
    expect((await authenticateLearner({ workspaceSlug: ws.slug, email: victim, password: "attacker knows this 123", request: { ip: "198.51.100.200" } })).ok).toBe(false);
  });

  /** A contact whose password the attacker set through the checkout shortcut (and signed in with). */
  async function takenOver(victim: string) {
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id)).limit(1);
    const out = await checkout({ workspace: ws, offer: offer!, name: "Not Victim", email: victim, request: { ip: `198.51.102.${victim.length}` } });
    if (!out.ok) throw new Error("throttled");
    const path = await dashboardLink(ws, (await receiptCookie(ws.slug, out.receipt)).value, request);
    const secret = path!.split("/").pop()!;
    const [link] = await db.select().from(authTokens).where(eq(authTokens.tokenHash, hashSecret(secret)));
    const done = await completePasswordLink({ workspace: ws, secret, password: "attacker knows this 123", request });
    if (!done.ok) throw new Error("shortcut failed");
    return { contact: await reload(done.contact), link: link! };
  }

  it("11. the shortcut's link lives an hour; the owner signing in by an emailed link or code drops the unproven password and the attacker's sessions", async () => {
    const { contact, link } = await takenOver(`victim-a-${Date.now()}@example.com`);
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(60 * 60 * 1000);
    const login = await issue(ws, contact, "login_link");
    const signedIn = await redeemSignInLink(ws.slug, secretOf(login.url), request);
    if (!signedIn.ok) throw new Error("no sign-in");
    expect(signedIn.hasPassword).toBe(false); // sent on to choose their own
    const after = await reload(contact);
    expect([after.passwordHash, after.passwordUnproven]).toEqual([null, false]);
    expect(after.sessionVersion).not.toBe(contact.sessionVersion);
    expect(signedIn.contact.sessionVersion).toBe(after.sessionVersion); // the owner's new session is the live one
    expect((await authenticateLearner({ workspaceSlug: ws.slug, email: contact.email, password: "attacker knows this 123", request: { ip: "198.51.100.201" } })).ok).toBe(false);

    const byCode = await takenOver(`victim-b-${Date.now()}@example.com`);
    const code = await issue(ws, byCode.contact, "login_code", "login_page");
    const viaCode = await verifyCode({ workspace: ws, email: byCode.contact.email, code: code.secret, request });
    expect(viaCode.ok && viaCode.contact.passwordHash).toBe(null);
  });

  it("11. with the welcome email turned off, a later grant still sends an unproven contact the setup link that replaces the password", async () => {
    const quiet = await makeWorkspace(`quiet-${Date.now().toString(36)}`);
    await db.update(workspaces).set({ settings: { disabledEmails: ["welcome"] } }).where(eq(workspaces.id, quiet.id));
    const [w] = await db.select().from(workspaces).where(eq(workspaces.id, quiet.id));
    const quietCtx = { ...ctx, workspace: w! };
    const unproven = await makeContact(w!, { password: "attacker knows this 123" });
    await db.update(contacts).set({ passwordUnproven: true }).where(eq(contacts.id, unproven.id));
    const proven = await makeContact(w!, { password: "owner knows this 456" });
    const [bonus] = await db.insert(offers).values({ workspaceId: w!.id, title: "Bonus", slug: "bonus", status: "published" }).returning();
    await grantOfferToContact(quietCtx, { contactId: unproven.id, offerId: bonus!.id });
    await grantOfferToContact(quietCtx, { contactId: proven.id, offerId: bonus!.id });
    expect((await latestEmail(unproven.email))?.subject).toMatch(/set your password/);
    expect(await latestEmail(proven.email)).toBeUndefined();
  });
});
