import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { contacts } from "@/db/schema";
import { importContacts, parseContactsCsv } from "@/lib/contacts/import";
import { profileSchema, saveProfile } from "@/lib/contacts/profile";
import { InvalidPhoneError, upsertContacts } from "@/lib/contacts/upsert";
import { makeContact, makeWorkspace, reload, request } from "@/test/fixtures";

const profile = { firstName: "Ada", lastName: "Lovelace", tags: "" };

describe("contact phones are stored in E.164", () => {
  it("profile edit: normalises, refuses an invalid number with a phone field error, and empty is no phone", async () => {
    const ws = await makeWorkspace();
    const c = await makeContact(ws);
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };

    const parsed = profileSchema.safeParse({ ...profile, phone: "(202) 555-0123" });
    expect(parsed.success && parsed.data.phone).toBe("+12025550123");
    expect(await saveProfile(ctx, c.id, parsed.data!)).toEqual({ ok: true, id: c.id });
    expect((await reload(c)).phone).toBe("+12025550123");

    const bad = profileSchema.safeParse({ ...profile, phone: "555 0100" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ["phone"], message: expect.stringMatching(/^Not a valid phone number/) });
    // Handed over without the schema: refused the same way, nothing written.
    expect(await saveProfile(ctx, c.id, { ...profileSchema.parse({ ...profile, phone: "" }), phone: "12" })).toEqual({ ok: false, fieldErrors: { phone: expect.stringMatching(/^Not a valid phone number/) } });
    expect((await reload(c)).phone).toBe("+12025550123");

    expect(await saveProfile(ctx, c.id, profileSchema.parse({ ...profile, phone: "  " }))).toMatchObject({ ok: true });
    expect((await reload(c)).phone).toBeNull();
  });

  it("upsert: stores E.164, fills an empty phone, throws on an invalid one", async () => {
    const ws = await makeWorkspace();
    const [created] = await db.transaction((tx) => upsertContacts(tx, ws.id, [{ email: "p1@example.com", phone: "+44 20 7946 0958" }, { email: "p2@example.com", phone: "" }], { fillExisting: true }));
    expect(created!.contact.phone).toBe("+442079460958");
    const [filled] = await db.transaction((tx) => upsertContacts(tx, ws.id, [{ email: "p2@example.com", phone: "202 555 0123" }], { fillExisting: true }));
    expect(filled!.contact.phone).toBe("+12025550123");
    await expect(db.transaction((tx) => upsertContacts(tx, ws.id, [{ email: "p3@example.com", phone: "not a phone" }], { fillExisting: true }))).rejects.toThrow(InvalidPhoneError);
    expect(await db.select().from(contacts).where(eq(contacts.email, "p3@example.com"))).toEqual([]);
  });

  it("CSV import: a row with an invalid phone is a row error naming its line; valid ones are stored in E.164", async () => {
    const parsed = parseContactsCsv("email,phone\na@example.com,(202) 555-0123\nb@example.com,555-0100\nc@example.com,\nd@example.com,+44 20 7946 0958\n");
    expect(parsed.rows.map((r) => [r.line, r.email, r.phone])).toEqual([
      [2, "a@example.com", "+12025550123"],
      [4, "c@example.com", null],
      [5, "d@example.com", "+442079460958"],
    ]);
    expect(parsed.errors).toEqual([{ line: 3, value: "555-0100", error: expect.stringMatching(/^Phone: Not a valid phone number/) }]);

    const ws = await makeWorkspace();
    await importContacts({ workspace: ws, actor: { type: "system" }, request }, { parsed });
    const rows = await db.select({ email: contacts.email, phone: contacts.phone }).from(contacts).where(eq(contacts.workspaceId, ws.id)).orderBy(contacts.email);
    expect(rows).toEqual([
      { email: "a@example.com", phone: "+12025550123" },
      { email: "c@example.com", phone: null },
      { email: "d@example.com", phone: "+442079460958" },
    ]);
  });

  it("reads national numbers in SMS_DEFAULT_REGION", async () => {
    process.env.SMS_DEFAULT_REGION = "gb";
    vi.resetModules();
    const { normalizePhone } = await import("./phone");
    delete process.env.SMS_DEFAULT_REGION;
    expect(normalizePhone("020 7946 0958")).toEqual({ ok: true, e164: "+442079460958" });
    expect(normalizePhone("(202) 555-0123")).toMatchObject({ ok: false, error: expect.stringContaining("outside United Kingdom") });
  });
});
