import { randomBytes } from "node:crypto";
import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { validateRequest } from "twilio/lib/webhooks/webhooks";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { auditEntries, contacts } from "@/db/schema";
import { makeContact, makeWorkspace, reload } from "@/test/fixtures";

// The route reads TWILIO_AUTH_TOKEN and APP_URL through lib/env.ts: set them, then load the
// route with a fresh module graph (the database handle lives on globalThis and is kept).
const TOKEN = "inbound-test-auth-token-0123456789";
const APP_URL = "https://portal.example.test";
const vars = { TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: "+12025550100", APP_URL };
Object.assign(process.env, vars);
vi.resetModules();
const { POST } = await import("@/app/api/webhooks/twilio/route");
for (const k of Object.keys(vars)) delete process.env[k];

const URL_SIGNED = `${APP_URL}/api/webhooks/twilio`;
const sign = (url: string, params: Record<string, string>, token = TOKEN) =>
  createHmac("sha1", token).update(Object.keys(params).sort().reduce((acc, k) => acc + k + params[k], url)).digest("base64");

function inbound(params: Record<string, string>, opts: { signature?: string | null; requestUrl?: string } = {}) {
  const signature = opts.signature === undefined ? sign(URL_SIGNED, params) : opts.signature;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  return POST(new Request(opts.requestUrl ?? "http://127.0.0.1:3000/api/webhooks/twilio", { method: "POST", headers, body: new URLSearchParams(params) }));
}
const message = (from: string, body: string) => ({ MessageSid: `SM${randomBytes(16).toString("hex")}`, AccountSid: `AC${"2".repeat(32)}`, From: from, To: "+12025550100", Body: body, NumSegments: "1" });

async function withPhone(phone: string) {
  const ws = await makeWorkspace();
  const c = await makeContact(ws);
  await db.update(contacts).set({ phone }).where(eq(contacts.id, c.id));
  return c;
}

describe("Twilio inbound webhook", () => {
  it("matches Twilio's documented signature example", () => {
    const params = { CallSid: "CA1234567890ABCDE", Caller: "+14158675310", Digits: "1234", From: "+14158675310", To: "+18005551212" };
    expect(validateRequest("12345", "GvWf1cFY/Q7PnoempGyD5oXAezc=", "https://mycompany.com/myapp.php?foo=1&bar=2", params)).toBe(true);
    expect(sign("https://mycompany.com/myapp.php?foo=1&bar=2", params, "12345")).toBe("GvWf1cFY/Q7PnoempGyD5oXAezc=");
  });

  it("STOP turns SMS off for every contact with that number, in every workspace, and no one else; START turns it back on", async () => {
    const [mine, sameNumberElsewhere, otherNumber] = [await withPhone("+12025550111"), await withPhone("+12025550111"), await withPhone("+12025550112")];

    const res = await inbound(message("+12025550111", "  stop "));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml");
    expect(await res.text()).toMatch(/<Response\/>$/);
    expect((await reload(mine)).smsOptedOutAt).toBeInstanceOf(Date);
    expect((await reload(sameNumberElsewhere)).smsOptedOutAt).toBeInstanceOf(Date);
    expect((await reload(otherNumber)).smsOptedOutAt).toBeNull();
    const audits = await db.select().from(auditEntries).where(and(eq(auditEntries.contactId, mine.id), eq(auditEntries.action, "contact.sms_opted_out")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: "system", workspaceId: mine.workspaceId, data: { keyword: "STOP", via: "twilio" } });

    // Twilio retries and other words change nothing more.
    await inbound(message("+12025550111", "QUIT"));
    await inbound(message("+12025550111", "Thanks, see you"));
    expect(await db.select().from(auditEntries).where(and(eq(auditEntries.contactId, mine.id), eq(auditEntries.action, "contact.sms_opted_out")))).toHaveLength(1);
    expect((await reload(mine)).smsOptedOutAt).toBeInstanceOf(Date);

    expect((await inbound(message("+12025550111", "Start"))).status).toBe(200);
    expect((await reload(mine)).smsOptedOutAt).toBeNull();
    expect((await reload(sameNumberElsewhere)).smsOptedOutAt).toBeNull();
    expect(await db.select().from(auditEntries).where(and(eq(auditEntries.contactId, mine.id), eq(auditEntries.action, "contact.sms_opted_in")))).toHaveLength(1);
  });

  it("a signed message replayed later changes nothing (each MessageSid once)", async () => {
    const c = await withPhone("+12025550114");
    const start = message("+12025550114", "START");
    await inbound(message("+12025550114", "STOP"));
    await inbound(start);
    expect((await reload(c)).smsOptedOutAt).toBeNull();
    await inbound(message("+12025550114", "STOP"));
    expect((await inbound(start)).status).toBe(200); // the captured START again
    expect((await reload(c)).smsOptedOutAt).toBeInstanceOf(Date);
  });

  it("refuses unsigned, badly signed and forged-host requests with 403 and changes nothing", async () => {
    const c = await withPhone("+12025550113");
    const params = message("+12025550113", "STOP");
    const refused = [
      await inbound(params, { signature: null }),
      await inbound(params, { signature: "bm90IGEgc2lnbmF0dXJl" }),
      await inbound(params, { signature: sign(URL_SIGNED, params, "another-auth-token-0000") }),
      await inbound({ ...params, Body: "START" }, { signature: sign(URL_SIGNED, params) }), // signed for another body
      // Signed for the URL the request claims (a forged Host), not for APP_URL.
      await inbound(params, { signature: sign("https://evil.example/api/webhooks/twilio", params), requestUrl: "https://evil.example/api/webhooks/twilio" }),
    ];
    for (const res of refused) expect(res.status).toBe(403);
    expect((await reload(c)).smsOptedOutAt).toBeNull();
    expect(await db.select().from(auditEntries).where(eq(auditEntries.contactId, c.id))).toHaveLength(0);

    // The Host of the request does not matter: what is verified is APP_URL's URL.
    expect((await inbound(params, { requestUrl: "https://evil.example/api/webhooks/twilio" })).status).toBe(200);
    expect((await reload(c)).smsOptedOutAt).toBeInstanceOf(Date);
  });
});
