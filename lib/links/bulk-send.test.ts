import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { authTokens, emailMessages, emailSuppressions, workspaces } from "@/db/schema";
import { runBulkAction } from "@/lib/contacts/bulk-actions";
import { drainOutbox } from "@/lib/mail/deliver";
import { openMessage } from "@/lib/mail/sealed";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { bulkSendProgress, bulkSendSkipped, describeSkipped, loginEmailAudience, sendLoginEmails } from "./bulk-send";
import { hashSecret } from "./secret";

describe("bulk Send Login Email", () => {
  it("queues one working login link per contact with access, skips the rest, and reports progress", async () => {
    const ws = await makeWorkspace();
    const withAccess = [await makeContact(ws), await makeContact(ws), await makeContact(ws)];
    const noAccess = await makeContact(ws, { access: false });
    const ids = [...withAccess.map((c) => c.id), noAccess.id, withAccess[0]!.id];
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    const { batchId, queued, skipped } = await sendLoginEmails(ctx, ids);
    expect({ queued, skipped: skipped.map((s) => [s.id, s.reason]) }).toEqual({ queued: 3, skipped: [[noAccess.id, "no_access"]] });
    expect(await bulkSendProgress(ws.id, batchId)).toEqual({ total: 3, queued: 3, sent: 0, failed: 0 });
    await drainOutbox();
    expect(await bulkSendProgress(ws.id, batchId)).toEqual({ total: 3, queued: 0, sent: 3, failed: 0 });
    const [m] = await db.select().from(emailMessages).where(eq(emailMessages.contactId, withAccess[1]!.id));
    const opened = openMessage(m!);
    expect(opened.text).toContain(opened.links[0]);
    const [token] = await db.select().from(authTokens).where(eq(authTokens.tokenHash, hashSecret(opened.links[0]!.split("/").pop()!)));
    expect(token).toMatchObject({ kind: "login_link", contactId: withAccess[1]!.id, issuedVia: "admin_bulk" });
  });

  it("names who is skipped and why, before the send and after it: no live access, a suppressed address; nobody at all with login emails off", async () => {
    const ws = await makeWorkspace();
    const ok = await makeContact(ws, { firstName: "Olu" });
    const noAccess = await makeContact(ws, { access: false, firstName: "Nia", email: `nia-${ws.slug}@example.com` });
    const bounced = await makeContact(ws, { firstName: "Bo", email: `bo-${ws.slug}@example.com` });
    await db.insert(emailSuppressions).values({ workspaceId: ws.id, email: bounced.email.toUpperCase(), reason: "hard bounce" });
    const other = await makeWorkspace();
    const stranger = await makeContact(other);
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    const ids = [ok.id, noAccess.id, bounced.id, stranger.id];

    // Before: the confirmation's numbers (another workspace's contact is not counted at all).
    const before = await loginEmailAudience(ws.id, ids);
    expect(before.recipients).toBe(1);
    expect(before.skipped.map((s) => [s.name, s.reason])).toEqual([["Bo Learner", "suppressed"], ["Nia Learner", "no_access"]]);
    expect(describeSkipped(before.skipped, { ahead: true })).toEqual({
      label: "2 contacts will be skipped:",
      items: [`Bo Learner <${bounced.email}>: their address is suppressed after a bounce or complaint (lift it on the contact record)`, `Nia Learner <${noAccess.email}>: no active offer or group, so a login link would not let them in`],
      more: 0,
    });

    // The send: only the reachable contact gets a link; no token is issued for a suppressed address.
    const sent = await sendLoginEmails(ctx, ids);
    expect(sent.queued).toBe(1);
    expect((await db.select().from(emailMessages).where(eq(emailMessages.batchId, sent.batchId))).map((m) => m.contactId)).toEqual([ok.id]);
    expect(await db.select().from(authTokens).where(eq(authTokens.contactId, bounced.id))).toEqual([]);

    // After: the send's page names them from its audit entry.
    const after = await bulkSendSkipped(ws.id, sent.batchId);
    expect(after.total).toBe(2);
    expect(after.named.map((s) => [s.email, s.reason]).sort()).toEqual([[bounced.email, "suppressed"], [noAccess.email, "no_access"]]);
    expect(await bulkSendSkipped(other.id, sent.batchId)).toEqual({ total: 0, named: [] });

    // Nobody reachable: no send, and the answer names them.
    const none = await runBulkAction(ctx, { action: "login_email", contactIds: [noAccess.id, bounced.id] });
    expect(none.ok).toBe(false);
    expect(!none.ok && none.error).toMatch(/^No login email was sent: none of the 2 selected contacts can get one\. Bo Learner .*suppressed.*; Nia Learner .*no active offer or group/);

    await db.update(workspaces).set({ settings: { disabledEmails: ["login_link"] } }).where(eq(workspaces.id, ws.id));
    const [off] = await db.select().from(workspaces).where(eq(workspaces.id, ws.id));
    expect(await runBulkAction({ ...ctx, workspace: off! }, { action: "login_email", contactIds: [ok.id] })).toEqual({ ok: false, error: "Login emails are turned off for this workspace (Emails → System emails)." });
  });
});
