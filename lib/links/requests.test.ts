import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { authTokens, emailMessages, type Workspace } from "@/db/schema";
import { authenticateLearner } from "@/lib/auth/learner-login";
import { latestEmail, makeContact, makeWorkspace, request, secretOf } from "@/test/fixtures";
import { verifyCode } from "./codes";
import { redeemSignInLink } from "./redeem";
import { fulfilEmailRequest, throttleEmailRequest } from "./requests";

describe("what learners ask for from the login page", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace("asks");
  });

  it("8. five link/code/reset emails per address per 15 minutes; the sixth is refused with a retry time", async () => {
    const email = "limit@example.com";
    for (let i = 0; i < 5; i++) expect((await throttleEmailRequest(ws, email, { ip: `198.51.100.${i}` })).ok).toBe(true);
    const sixth = await throttleEmailRequest(ws, email.toUpperCase(), { ip: "198.51.100.99" });
    expect(sixth.ok).toBe(false);
    if (sixth.ok) return;
    const wait = sixth.retryAt.getTime() - Date.now();
    expect(wait).toBeGreaterThan(14 * 60_000);
    expect(wait).toBeLessThanOrEqual(15 * 60_000 + 1000);
    // Another workspace's portal counts separately.
    expect((await throttleEmailRequest(await makeWorkspace("asks-2"), email, { ip: "198.51.100.98" })).ok).toBe(true);
  });

  it("a request job run twice (its first run committed but was not marked done) sends one email", async () => {
    const c = await makeContact(ws);
    const job = crypto.randomUUID();
    const run = () => fulfilEmailRequest({ workspace: ws, email: c.email, kind: "link", request, jobId: job });
    expect(await run()).toBe(true);
    expect(await run()).toBe(false);
    const emails = await db.select().from(emailMessages).where(eq(emailMessages.contactId, c.id));
    expect(emails).toHaveLength(1);
    // Another job for the same address is a new request.
    expect(await fulfilEmailRequest({ workspace: ws, email: c.email, kind: "link", request, jobId: crypto.randomUUID() })).toBe(true);
    expect(await db.select().from(emailMessages).where(eq(emailMessages.contactId, c.id))).toHaveLength(2);
  });

  it("8. twenty per IP, whatever the addresses", async () => {
    const ip = { ip: "192.0.2.44" };
    for (let i = 0; i < 20; i++) expect((await throttleEmailRequest(ws, `a${i}@example.com`, ip)).ok).toBe(true);
    expect((await throttleEmailRequest(ws, "fresh@example.com", ip)).ok).toBe(false);
  });

  it("8. wrong codes count per contact across re-sent codes: the fifth burns the code", async () => {
    const c = await makeContact(ws);
    await fulfilEmailRequest({ workspace: ws, email: c.email, kind: "code", request });
    for (let i = 0; i < 3; i++) expect(await verifyCode({ workspace: ws, email: c.email, code: "000000", request })).toMatchObject({ ok: false, triesLeft: 4 - i });
    await fulfilEmailRequest({ workspace: ws, email: c.email, kind: "code", request });
    const fresh = (await latestEmail(c.email))!.text.match(/\b(\d{6})\b/)![1]!;
    expect(await verifyCode({ workspace: ws, email: c.email, code: "000001", request })).toMatchObject({ ok: false, triesLeft: 1 });
    expect(await verifyCode({ workspace: ws, email: c.email, code: "000002", request })).toMatchObject({ ok: false, triesLeft: 0 });
    const burned = await db.select().from(authTokens).where(and(eq(authTokens.contactId, c.id), eq(authTokens.revokedReason, "burned")));
    expect(burned).toHaveLength(1);
    expect(await verifyCode({ workspace: ws, email: c.email, code: fresh, request })).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("7. a known and an unknown address get the same treatment; only the known one is emailed", async () => {
    const c = await makeContact(ws);
    expect(await fulfilEmailRequest({ workspace: ws, email: "nobody-here@example.com", kind: "link", request })).toBe(false);
    expect(await fulfilEmailRequest({ workspace: ws, email: c.email, kind: "link", request })).toBe(true);
    const mail = (await latestEmail(c.email))!;
    expect(mail.subject).toMatch(/sign-in link/);
    expect(mail.text).toMatch(/expires at \d\d:\d\d UTC/);
    const code = mail.text.match(/\b(\d{6})\b/)![1]!;
    // The link and the cross-device code are both good; using one does not spend the other.
    expect((await redeemSignInLink(ws.slug, secretOf(mail.links[0]!), request)).ok).toBe(true);
    expect((await verifyCode({ workspace: ws, email: c.email, code, request })).ok).toBe(true);
    // A contact without access gets nothing either.
    const locked = await makeContact(ws, { access: false });
    expect(await fulfilEmailRequest({ workspace: ws, email: locked.email, kind: "reset", request })).toBe(false);
  });

  it("forgot password sends a set-password link to someone who never set one", async () => {
    const c = await makeContact(ws);
    await fulfilEmailRequest({ workspace: ws, email: c.email, kind: "reset", request });
    expect((await latestEmail(c.email))!.subject).toMatch(/set your password/);
  });

  it("9. wrong passwords are throttled per account", async () => {
    const c = await makeContact(ws, { password: "steady copper meadow 7" });
    for (let i = 0; i < 10; i++) expect(await authenticateLearner({ workspaceSlug: ws.slug, email: c.email, password: `wrong ${i}`, request: { ip: `10.0.0.${i}` } })).toEqual({ ok: false, reason: "invalid" });
    const locked = await authenticateLearner({ workspaceSlug: ws.slug, email: c.email, password: "steady copper meadow 7", request });
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
  });
});
