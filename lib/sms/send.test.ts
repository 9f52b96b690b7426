import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { contacts, smsMessages } from "@/db/schema";
import { unseal } from "@/lib/mail/sealed";
import { makeContact, makeWorkspace } from "@/test/fixtures";
import { type FakeTwilio, startFakeTwilio } from "@/test/fake-twilio";
import { listDevSms } from "./mailbox";
import { allowResend, sendSms, UNKNOWN_OUTCOME } from "./send";
import { devSmsTransport } from "./transports/dev";
import { makeTwilioTransport } from "./transports/twilio";

let fake: FakeTwilio;
let twilio: ReturnType<typeof makeTwilioTransport>;
beforeAll(async () => {
  fake = await startFakeTwilio({ port: 3852 });
  twilio = makeTwilioTransport({ accountSid: fake.accountSid, authToken: fake.authToken, from: "+12025550100", apiUrl: fake.url, timeoutMs: 2_000 });
});
afterAll(() => fake.close());

const key = () => `test-${crypto.randomUUID()}`;
const rowOf = async (id: string) => (await db.select().from(smsMessages).where(eq(smsMessages.id, id)))[0]!;
const link = "https://portal.example.com/l/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

describe("sendSms", () => {
  it("sends once per idempotency key: a retry answers `already` without calling the provider", async () => {
    const ws = await makeWorkspace();
    const contact = await makeContact(ws);
    await db.update(contacts).set({ phone: "+12025550123" }).where(eq(contacts.id, contact.id));
    const input = { workspaceId: ws.id, contactId: contact.id, to: null, body: `Your login link: ${link}`, idempotencyKey: key() };
    const calls = fake.calls();

    const first = await sendSms(input, { transport: twilio });
    expect(first).toMatchObject({ ok: true, transport: "twilio", already: false });
    const again = await sendSms(input, { transport: twilio });
    expect(again).toEqual({ ok: true, smsId: (first as { smsId: string }).smsId, transport: "twilio", already: true });
    expect(fake.calls() - calls).toBe(1);
    expect(fake.messages().filter((m) => m.idempotencyToken === input.idempotencyKey)).toHaveLength(1);

    const row = await rowOf((first as { smsId: string }).smsId);
    expect(row).toMatchObject({ status: "sent", toPhone: "+12025550123", transport: "twilio", attempts: 1, lastError: null, workspaceId: ws.id, contactId: contact.id });
    expect(row.providerMessageId).toMatch(/^SM/);
    expect(row.sentAt).toBeInstanceOf(Date);
    // Sealed at rest: no link in the column, the same text once opened.
    expect(row.body).toMatch(/^sealed:v1:/);
    expect(row.body).not.toContain("portal.example.com");
    expect(unseal(row.body)).toBe(input.body);
  });

  it("records a transient failure, then sends on the retry under the same key", async () => {
    const ws = await makeWorkspace();
    const input = { workspaceId: ws.id, contactId: null, to: "(202) 555-0199", body: `Hello ${link}`, idempotencyKey: key() };
    fake.failNext(1, 503);
    const failed = await sendSms(input, { transport: twilio });
    expect(failed).toMatchObject({ ok: false, transient: true, error: "Twilio 503 (error 20503): Service Unavailable" });
    const smsId = (failed as { smsId: string }).smsId;
    expect(await rowOf(smsId)).toMatchObject({ status: "failed", attempts: 1, lastError: "Twilio 503 (error 20503): Service Unavailable", toPhone: "+12025550199" });

    expect(await sendSms(input, { transport: twilio })).toMatchObject({ ok: true, smsId, already: false });
    expect(await rowOf(smsId)).toMatchObject({ status: "sent", attempts: 2, lastError: null });

    fake.failNext(1, 400);
    const permanent = await sendSms({ ...input, idempotencyKey: key() }, { transport: twilio });
    expect(permanent).toMatchObject({ ok: false, transient: false });
    expect((await rowOf((permanent as { smsId: string }).smsId)).lastError).not.toContain("portal.example.com");
  });

  it("a timeout after the request went out leaves the outcome unknown: not sent again by itself, only after allowResend (an admin's Retry)", async () => {
    const ws = await makeWorkspace();
    const input = { workspaceId: ws.id, contactId: null, to: "+12025550142", body: `Hi ${link}`, idempotencyKey: key() };
    const slow = makeTwilioTransport({ accountSid: fake.accountSid, authToken: fake.authToken, from: "+12025550100", apiUrl: fake.url, timeoutMs: 300 });
    fake.hangNext(1);
    const calls = fake.calls();
    const first = await sendSms(input, { transport: slow });
    expect(first).toMatchObject({ ok: false, transient: false, error: expect.stringContaining("not sent again by itself") });
    const smsId = (first as { smsId: string }).smsId;
    expect((await rowOf(smsId)).status).toBe("unknown");
    expect(await sendSms(input, { transport: twilio })).toMatchObject({ ok: false, transient: false, error: UNKNOWN_OUTCOME });
    expect(fake.calls() - calls).toBe(1);
    await allowResend(db, input.idempotencyKey);
    expect(await sendSms(input, { transport: twilio })).toMatchObject({ ok: true, smsId, already: false });
    expect(fake.calls() - calls).toBe(2);
  });

  it("a claim left by a process that died mid-send becomes unknown after the lease, never a second text", async () => {
    const ws = await makeWorkspace();
    const input = { workspaceId: ws.id, contactId: null, to: "+12025550143", body: "Hello", idempotencyKey: key() };
    const [row] = await db.insert(smsMessages).values({ workspaceId: ws.id, toPhone: "+12025550143", body: "x", idempotencyKey: input.idempotencyKey, status: "sending", updatedAt: new Date(Date.now() - 120_000) }).returning();
    const calls = fake.calls();
    expect(await sendSms(input, { transport: twilio })).toMatchObject({ ok: false, transient: false, error: UNKNOWN_OUTCOME });
    expect((await rowOf(row!.id)).status).toBe("unknown");
    expect(fake.calls()).toBe(calls);
  });

  it("skips a contact who replied STOP, one without a phone and one with an invalid phone, and says why", async () => {
    const ws = await makeWorkspace();
    const stopped = await makeContact(ws);
    await db.update(contacts).set({ phone: "+12025550142", smsOptedOutAt: new Date() }).where(eq(contacts.id, stopped.id));
    const noPhone = await makeContact(ws);
    const badPhone = await makeContact(ws);
    await db.update(contacts).set({ phone: "12345" }).where(eq(contacts.id, badPhone.id)); // written before phones were checked
    const calls = fake.calls();
    const base = { workspaceId: ws.id, to: null, body: "Hi" };

    const a = await sendSms({ ...base, contactId: stopped.id, idempotencyKey: key() }, { transport: twilio });
    expect(a).toMatchObject({ ok: false, skipped: true, reason: "The contact replied STOP: SMS is off for them." });
    expect(await rowOf((a as { smsId: string }).smsId)).toMatchObject({ status: "skipped", lastError: "The contact replied STOP: SMS is off for them.", attempts: 0 });
    // Another contact of the workspace with that number, or the number given directly: off too.
    expect(await sendSms({ ...base, contactId: null, to: "202-555-0142", idempotencyKey: key() }, { transport: twilio })).toMatchObject({ skipped: true, reason: "The contact replied STOP: SMS is off for them." });

    expect(await sendSms({ ...base, contactId: noPhone.id, idempotencyKey: key() }, { transport: twilio })).toMatchObject({ ok: false, skipped: true, reason: "The contact has no phone number." });
    const c = await sendSms({ ...base, contactId: badPhone.id, idempotencyKey: key() }, { transport: twilio });
    expect(c).toMatchObject({ ok: false, skipped: true, reason: expect.stringMatching(/^The contact's phone number is not valid: Not a valid phone number/) });
    expect(fake.calls()).toBe(calls);

    // Opted back in: the same key is tried again and sends.
    const k = key();
    await sendSms({ ...base, contactId: stopped.id, idempotencyKey: k }, { transport: twilio });
    await db.update(contacts).set({ smsOptedOutAt: null }).where(eq(contacts.id, stopped.id));
    expect(await sendSms({ ...base, contactId: stopped.id, idempotencyKey: k }, { transport: twilio })).toMatchObject({ ok: true, already: false });
  });

  it("the dev transport marks the text sent and the dev mailbox shows it opened, newest first", async () => {
    const ws = await makeWorkspace();
    const first = await sendSms({ workspaceId: ws.id, contactId: null, to: "+442079460958", body: "First text", idempotencyKey: key() }, { transport: devSmsTransport });
    const second = await sendSms({ workspaceId: ws.id, contactId: null, to: "+442079460958", body: `Second ${link}`, idempotencyKey: key() });
    expect(first).toMatchObject({ ok: true, transport: "dev" });
    expect(second).toMatchObject({ ok: true, transport: "dev" }); // no Twilio configured in tests: the default transport is dev
    const listed = await listDevSms();
    const mine = listed.filter((m) => [first, second].some((r) => r.ok && r.smsId === m.id));
    expect(mine.map((m) => m.body)).toEqual([`Second ${link}`, "First text"]);
    expect(mine[0]).toMatchObject({ to: "+442079460958", status: "sent" });
  });

  it("refuses a key that belongs to another workspace", async () => {
    const [a, b] = [await makeWorkspace(), await makeWorkspace()];
    const k = key();
    await sendSms({ workspaceId: a.id, contactId: null, to: "+12025550123", body: "x", idempotencyKey: k }, { transport: devSmsTransport });
    await expect(sendSms({ workspaceId: b.id, contactId: null, to: "+12025550123", body: "x", idempotencyKey: k }, { transport: devSmsTransport })).rejects.toThrow(/another workspace/);
  });
});
