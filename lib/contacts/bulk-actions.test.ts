import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEntries, emailMessages, groups, offers, workspaces } from "@/db/schema";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { bulkQuestion } from "./bulk-actions";

describe("the question before a bulk action (its confirmation)", () => {
  it("says whom each action reaches, names who an email skips and why, and writes nothing", async () => {
    const ws = await makeWorkspace();
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    const a = await makeContact(ws, { firstName: "Ada" });
    const b = await makeContact(ws, { firstName: "Ben" });
    const lost = await makeContact(ws, { access: false, firstName: "Cy", email: `cy-${ws.slug}@example.com` });
    const ids = [a.id, b.id, lost.id, a.id];

    expect(await bulkQuestion(ctx, { action: "login_email", contactIds: ids })).toEqual({
      title: "Email 2 contacts a login link?",
      description: "Each gets a one-time login link of their own, valid for 24 hours.",
      details: { label: "1 contact will be skipped:", items: [`Cy Learner <${lost.email}>: no active offer or group, so a login link would not let them in`], more: 0 },
      confirmLabel: "Send 2 login emails",
    });
    expect(await bulkQuestion(ctx, { action: "invite", contactIds: ids })).toMatchObject({ title: "Invite 2 contacts to the portal?", confirmLabel: "Invite 2 contacts", details: { label: "1 contact will be skipped:" } });
    expect(await bulkQuestion(ctx, { action: "login_email", contactIds: [lost.id] })).toMatchObject({ title: "Nobody can get this email", confirmLabel: null, details: { items: [expect.stringContaining(lost.email)] } });

    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    expect(await bulkQuestion(ctx, { action: "grant_offer", contactIds: ids, offerId: offer!.id })).toMatchObject({ title: "Grant All access to 3 contacts?", confirmLabel: "Grant to 3 contacts" });
    expect(await bulkQuestion(ctx, { action: "grant_offer", contactIds: ids })).toMatchObject({ title: "Choose an offer", confirmLabel: null });
    const [group] = await db.insert(groups).values({ workspaceId: ws.id, name: "Circle", slug: "circle" }).returning();
    expect(await bulkQuestion(ctx, { action: "add_group", contactIds: ids, groupId: group!.id })).toMatchObject({ title: "Add 3 contacts to Circle?", confirmLabel: "Add 3 contacts" });
    expect(await bulkQuestion(ctx, { action: "add_tag", contactIds: ids, tag: " vip " })).toEqual({ title: "Tag 3 contacts “vip”?", confirmLabel: "Tag 3 contacts" });
    expect(await bulkQuestion(ctx, { action: "add_tag", contactIds: ids, tag: "" })).toMatchObject({ title: "Enter a tag", confirmLabel: null });

    // Another workspace's contacts count for nothing.
    const other = await makeWorkspace();
    const stranger = await makeContact(other);
    expect(await bulkQuestion(ctx, { action: "add_tag", contactIds: [stranger.id], tag: "x" })).toMatchObject({ title: "No contacts selected", confirmLabel: null });

    await db.update(workspaces).set({ settings: { disabledEmails: ["login_link"] } }).where(eq(workspaces.id, ws.id));
    const [off] = await db.select().from(workspaces).where(eq(workspaces.id, ws.id));
    expect(await bulkQuestion({ ...ctx, workspace: off! }, { action: "login_email", contactIds: ids })).toEqual({
      title: "Nothing can be sent",
      description: "Login emails are turned off for this workspace (Emails → System emails).",
      confirmLabel: null,
    });

    expect(await db.select().from(emailMessages).where(eq(emailMessages.workspaceId, ws.id))).toEqual([]);
    expect(await db.select().from(auditEntries).where(eq(auditEntries.workspaceId, ws.id))).toEqual([]);
  });
});
