import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEntries, contacts, emailMessages, events, offerGrants, offers, workspaces } from "@/db/schema";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { ImportFileError, importContacts, parseContactsCsv, planImportGrant } from "./import";

const count = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n;

describe("CSV import (SPEC §4 path 5)", () => {
  it("reports bad and duplicate rows by line and needs an email column", () => {
    const parsed = parseContactsCsv("\uFEFFE-mail;x\n".replace(";", ",") + "a@example.com,1\n\nnope,2\nA@EXAMPLE.COM,3\n,4\n");
    expect(parsed.rows.map((r) => [r.line, r.email])).toEqual([[2, "a@example.com"]]);
    expect(parsed.errors).toEqual([
      { line: 4, value: "nope", error: "Not a valid email address" },
      { line: 5, value: "A@EXAMPLE.COM", error: "Duplicate of line 2" },
      { line: 6, value: "", error: "No email" },
    ]);
    expect(() => parseContactsCsv("name,phone\nAda,1\n")).toThrow(ImportFileError);
    expect(() => parseContactsCsv('email\n"unterminated\n')).toThrow(/not valid CSV/);
  });

  it("imports 1,200 rows in chunks: creates, fills in existing contacts, grants the offer once with events and emails", async () => {
    const ws = await makeWorkspace();
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    const existing = await makeContact(ws, { email: "row-7@example.com", firstName: "" });
    await db.update(contacts).set({ tags: ["vip"] }).where(eq(contacts.id, existing.id));
    const lines = ["email,first name,last name,tags"];
    for (let i = 0; i < 1200; i++) lines.push(`row-${i}@example.com,First${i},Last${i},"imported; batch-a"`);
    const parsed = parseContactsCsv(lines.join("\n"));
    const started = performance.now();
    const result = await importContacts({ workspace: ws, actor: { type: "system" }, request }, { parsed, offer });
    console.log(`[import] 1,200 rows with an offer in ${Math.round(performance.now() - started)} ms`);
    // row-7 already held the offer (makeContact grants it): updated, not granted again.
    expect(result).toEqual({ created: 1199, updated: 1, granted: 1199, emailed: 1199, skipped: 0 });
    const [row7] = await db.select().from(contacts).where(eq(contacts.id, existing.id));
    expect(row7).toMatchObject({ firstName: "First7", lastName: "Learner", tags: ["batch-a", "imported", "vip"] });
    const ofWs = { n: sql<number>`count(*)::int` };
    expect(await count(db.select(ofWs).from(offerGrants).where(eq(offerGrants.workspaceId, ws.id)))).toBe(1200);
    expect(await count(db.select(ofWs).from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, "offer_access_granted"))))).toBe(1199);
    expect(await count(db.select(ofWs).from(emailMessages).where(eq(emailMessages.workspaceId, ws.id)))).toBe(1199);

    const again = await importContacts({ workspace: ws, actor: { type: "system" }, request }, { parsed, offer });
    expect(again).toMatchObject({ created: 0, updated: 1200, granted: 0, emailed: 0 });
  });

  it("says beforehand how many welcome emails an import with an offer sends, and imports without them when asked (an unproven password's owner still gets the setup email)", async () => {
    const ws = await makeWorkspace();
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
    await makeContact(ws, { email: "holder@example.com" }); // already holds the offer
    const unproven = await makeContact(ws, { email: "shortcut@example.com", access: false, password: "some pass phrase 12" });
    await db.update(contacts).set({ passwordUnproven: true }).where(eq(contacts.id, unproven.id));
    const parsed = parseContactsCsv("email\nNew.One@example.com\nnew.two@example.com\nholder@example.com\nSHORTCUT@example.com\nnope\n");

    expect(await planImportGrant(ctx, { parsed, offer: offer! })).toEqual({ granted: 3, emails: 3, emailsWithoutWelcome: 1, welcomeOff: false });
    const off = { ...ws, settings: { disabledEmails: ["welcome"] } };
    expect(await planImportGrant({ ...ctx, workspace: off }, { parsed, offer: offer! })).toEqual({ granted: 3, emails: 1, emailsWithoutWelcome: 1, welcomeOff: true });

    const result = await importContacts(ctx, { parsed, offer: offer!, welcome: false });
    expect(result).toEqual({ created: 2, updated: 2, granted: 3, emailed: 1, skipped: 1 });
    const sent = await db.select({ to: emailMessages.toEmail, template: emailMessages.template }).from(emailMessages).where(eq(emailMessages.workspaceId, ws.id));
    expect(sent).toEqual([{ to: "shortcut@example.com", template: "welcome" }]);
    const [audit] = await db.select().from(auditEntries).where(and(eq(auditEntries.workspaceId, ws.id), eq(auditEntries.action, "contacts.imported")));
    expect(audit!.data).toMatchObject({ granted: 3, emailed: 1, welcome: false });
    // The workspace's own setting was not touched.
    const [after] = await db.select().from(workspaces).where(eq(workspaces.id, ws.id));
    expect(after!.settings).toEqual({});

    // What the plan said is what an import with the welcome emails sends.
    const ws2 = await makeWorkspace();
    const [offer2] = await db.select().from(offers).where(eq(offers.workspaceId, ws2.id));
    const plan = await planImportGrant({ ...ctx, workspace: ws2 }, { parsed, offer: offer2! });
    expect((await importContacts({ ...ctx, workspace: ws2 }, { parsed, offer: offer2! })).emailed).toBe(plan.emails);
  });
});
