/**
 * No token, code, password or cookie reaches a log line (issue 14): every kind of token is
 * issued and used, through the same functions the routes call, while every line the logger
 * writes is captured at trace level in the production (JSON) format; then the lines are
 * searched for every secret that passed through. Also the redaction rules themselves.
 */
import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { emailMessages, teamMembers, workspaceMembers } from "@/db/schema";

const lines: string[] = [];
const request = { ip: "203.0.113.50", userAgent: "log-test" };

// The logger is made once per module graph at the level of its first import: a fresh graph,
// loaded at trace level in JSON, sees everything (the database handle is the process's, shared).
async function freshModules() {
  process.env.LOG_LEVEL = "trace";
  process.env.LOG_FORMAT = "json";
  delete (globalThis as { __porticoLog?: unknown }).__porticoLog;
  vi.resetModules();
  const logMod = await import("@/lib/log");
  logMod.tapLogs((l) => lines.push(l));
  return {
    logMod,
    fixtures: await import("@/test/fixtures"),
    requests: await import("@/lib/links/requests"),
    codes: await import("@/lib/links/codes"),
    redeem: await import("@/lib/links/redeem"),
    redeemPost: await import("@/lib/links/redeem-post"),
    passwordLinks: await import("@/lib/links/password-links"),
    adminLinks: await import("@/lib/links/admin-links"),
    adminReset: await import("@/lib/links/admin-reset"),
    team: await import("@/lib/tenancy/team"),
    account: await import("@/lib/auth/learner-account"),
    learnerLogin: await import("@/lib/auth/learner-login"),
    adminLogin: await import("@/lib/auth/admin-login"),
    session: await import("@/lib/auth/learner-session"),
    deliver: await import("@/lib/mail/deliver"),
    sealed: await import("@/lib/mail/sealed"),
  };
}

let m: Awaited<ReturnType<typeof freshModules>>;
beforeAll(async () => {
  m = await freshModules();
});
afterAll(() => m?.logMod.tapLogs(undefined));

async function sentEmails() {
  await m.deliver.drainOutbox();
  const rows = await db.select().from(emailMessages).orderBy(desc(emailMessages.createdAt));
  return Promise.all(rows.map((r) => m.sealed.openMessage(r)));
}

describe("no secret in any log line", () => {
  it("issues every kind of token, uses them, and finds none of them in the captured lines", { timeout: 120_000 }, async () => {
    const { fixtures, requests, codes: codes_, redeem, redeemPost, passwordLinks, adminLinks, adminReset, team, account, learnerLogin, adminLogin, session } = m;
    const ws = await fixtures.makeWorkspace();
    const lee = await fixtures.makeContact(ws);
    const kim = await fixtures.makeContact(ws, { password: "Old-Pass-word-42!" });
    const sam = await fixtures.makeContact(ws);
    const [owner] = await db.insert(teamMembers).values({ email: `owner-${ws.slug}@example.com`, name: "Owner", passwordHash: null }).returning();
    await db.insert(workspaceMembers).values({ workspaceId: ws.id, teamMemberId: owner!.id, role: "owner" });
    const ctx = { workspace: ws, actor: { type: "admin" as const, id: owner!.id }, request };
    // Learner tokens: login link (with its cross-device code), login code, reset, set-password, magic link (admin path).
    await requests.fulfilEmailRequest({ workspace: ws, email: lee.email, kind: "link", request });
    await requests.fulfilEmailRequest({ workspace: ws, email: lee.email, kind: "code", request });
    await requests.fulfilEmailRequest({ workspace: ws, email: kim.email, kind: "reset", request });
    await requests.fulfilEmailRequest({ workspace: ws, email: "nobody@example.com", kind: "link", request });
    const magic = await adminLinks.generateMagicLink(ctx, { contactId: sam.id, sendEmail: false });
    await adminLinks.generateMagicLink(ctx, { contactId: sam.id, sendEmail: true });
    await adminLinks.sendLoginEmail(ctx, sam.id);
    await adminLinks.sendResetLink(ctx, sam.id);
    // Admin tokens: a team invitation and a password reset.
    await team.inviteTeamMember({ ...ctx, role: "owner" }, { email: `new-${ws.slug}@example.com`, name: "New", role: "admin" });
    await adminReset.requestAdminPasswordReset(owner!.email, request);
    const mails = await sentEmails();
    const linkOf = (template: string, to: string) => {
      const mail = mails.find((x) => x.template === template && x.toEmail === to);
      if (!mail?.links[0]) throw new Error(`no ${template} email to ${to}`);
      return mail.links[0];
    };
    const secret = (url: string) => url.split("/").pop()!;
    const codes = mails.flatMap((x) => [...x.text.matchAll(/\b(\d{6})\b/g)].map((r) => r[1]!));
    expect(codes.length).toBeGreaterThanOrEqual(2);
    const passwords = ["Kim-Resets-To-This-71!", "Kim-Changes-To-This-83!", "Sam-Sets-This-Pass-31!", "Owner-Chooses-This-55!", "Invitee-Chooses-This-99!", "Wrong-Guess-Of-Owner-66!"];

    // Use them all, as the routes do.
    const headers = new Headers({ host: "localhost:3000", "user-agent": "log-test", cookie: "portico.portal=old-cookie-value-must-not-leak-0123" });
    const posted = await redeemPost.redeemPost(ws.slug, `token=${secret(linkOf("login_link", lee.email))}`, headers);
    expect(posted.status).toBe(303);
    const cookie = posted.headers["set-cookie"]!.split(";")[0]!.split("=").slice(1).join("=");
    expect(cookie.length).toBeGreaterThan(40);
    const leeCode = mails.find((x) => x.template === "login_code" && x.toEmail === lee.email)!.text.match(/\b(\d{6})\b/)![1]!;
    expect(await codes_.verifyCode({ workspace: ws, email: lee.email, code: leeCode, request })).toMatchObject({ ok: true });
    expect(await codes_.verifyCode({ workspace: ws, email: lee.email, code: leeCode, request })).toMatchObject({ ok: false });
    await redeem.redeemSignInLink(ws.slug, secret(magic.ok ? magic.url : ""), request); // replaced by the emailed one: refused
    expect((await redeem.redeemSignInLink(ws.slug, secret(linkOf("magic_link", sam.email)), request)).ok).toBe(true);
    const kimReset = await passwordLinks.completePasswordLink({ workspace: ws, secret: secret(linkOf("password_reset", kim.email)), password: passwords[0]!, request });
    expect(kimReset).toMatchObject({ ok: true });
    expect(await learnerLogin.authenticateLearner({ workspaceSlug: ws.slug, email: kim.email, password: passwords[0]!, request })).toMatchObject({ ok: true });
    const changed = await account.setOwnPassword({ workspace: ws, contact: await fixtures.reload(kim), request, current: passwords[0]!, password: passwords[1]! });
    expect(changed).toMatchObject({ ok: true });
    const samSetup = mails.find((x) => x.toEmail === sam.email && !["magic_link", "login_link"].includes(x.template))!;
    expect(await passwordLinks.completePasswordLink({ workspace: ws, secret: secret(samSetup.links[0]!), password: passwords[2]!, request })).toMatchObject({ ok: true });
    expect(await adminReset.resetAdminPassword(secret(linkOf("admin_password_reset", owner!.email)), passwords[3]!, request)).toMatchObject({ ok: true });
    expect(await adminReset.resetAdminPassword(secret(linkOf("team_invite", `new-${ws.slug}@example.com`)), passwords[4]!, request)).toMatchObject({ ok: true });
    expect(await adminLogin.authenticateAdmin({ email: owner!.email, password: passwords[3]!, request })).toMatchObject({ ok: true });
    expect(await adminLogin.authenticateAdmin({ email: owner!.email, password: passwords[5]!, request })).toMatchObject({ ok: false });
    // Used links again (the "already used" paths), and a session cookie minted directly.
    await passwordLinks.completePasswordLink({ workspace: ws, secret: secret(linkOf("password_reset", kim.email)), password: passwords[0]!, request });
    await redeemPost.redeemPost(ws.slug, `token=${secret(linkOf("login_link", lee.email))}`, new Headers({ "user-agent": "another browser" }));
    const minted = (await session.learnerSessionCookie(await fixtures.reload(lee))).value;
    await sentEmails(); // the password-changed notices

    // What careless code would log, within the rules (fields named for what they hold, links in messages and errors).
    const log = m.logMod.logger("log-test");
    const anyLink = linkOf("login_link", lee.email);
    log.info({ token: secret(anyLink), code: leeCode, password: passwords[0], cookie, headers: { cookie: headers.get("cookie"), authorization: `Bearer ${minted}` } }, "control: fields by name");
    log.info(`control: sending ${anyLink} and ${linkOf("admin_password_reset", owner!.email)}?t=${secret(anyLink)} with code ${leeCode}`);
    log.error({ err: new Error(`control: could not deliver ${linkOf("team_invite", `new-${ws.slug}@example.com`)}`) }, "control: an error");
    log.warn({ mail: { to: lee.email, html: "<a href=x>body</a>", text: "body text", link: anyLink } }, "control: an email");

    const secrets = [...mails.flatMap((x) => x.links.map(secret)), ...(magic.ok ? [secret(magic.url)] : []), ...passwords, cookie, minted, "old-cookie-value-must-not-leak-0123"];
    expect(secrets.length).toBeGreaterThanOrEqual(16);
    // The capture works: the flows above logged (deliveries, at least), at trace level, as JSON.
    expect(lines.filter((l) => l.includes('"control: ')).length).toBe(4);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    const leaks = lines.filter((l) => secrets.some((x) => l.includes(x)) || codes.some((c) => new RegExp(`(?<![0-9])${c}(?![0-9])`).test(l.replace(/"time":\d+/, ""))));
    expect(leaks).toEqual([]);
  });
});

describe("lib/log.ts redaction", () => {
  const last = () => JSON.parse(lines.at(-1)!) as Record<string, unknown> & { err?: { message: string; stack: string; code?: string } };
  const secret43 = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde";

  it("redacts fields by name wherever they sit, and keeps a nested error code", () => {
    const log = m.logMod.logger("redact");
    log.info({ password: "p1", passwordHash: "$2b$hash", token: "t1", secret: "s1", cookie: "c1", authorization: "Bearer x", html: "<p>", text: "t", body: "b", link: "l", parameters: "x", code: "123456" }, "top");
    expect(Object.values(last()).filter((v) => v === "[redacted]")).toHaveLength(12);
    log.info({ a: { password: "p2", b: { token: "t2" } }, req: { headers: { cookie: "c2", authorization: "Basic y", accept: "text/html" } }, res: { headers: { "set-cookie": "c3" } } }, "nested");
    expect(last()).toMatchObject({ a: { password: "[redacted]", b: { token: "[redacted]" } }, req: { headers: { cookie: "[redacted]", authorization: "[redacted]", accept: "text/html" } }, res: { headers: { "set-cookie": "[redacted]" } } });
    const pgError = Object.assign(new Error("duplicate key"), { code: "23505" });
    log.error({ err: pgError }, "db");
    expect(last().err).toMatchObject({ code: "23505", message: "duplicate key" });
    expect(lines.some((l) => /"p1"|"p2"|"t1"|"t2"|"c1"|"c2"|"c3"|\$2b\$hash|"123456"/.test(l))).toBe(false);
  });

  it("cuts link secrets, tokens in queries, bearer tokens and codes out of messages and error stacks", () => {
    const log = m.logMod.logger("redact");
    log.info(`open http://x/p/acme/l/${secret43} or /admin/reset-password/${secret43} or /p/acme/auth/redeem?t=${secret43}&next=/ then Bearer ${secret43}; your code: 654321`);
    const msg = String(last().msg);
    expect(msg).toBe("open http://x/p/acme/l/[redacted] or /admin/reset-password/[redacted] or /p/acme/auth/redeem?t=[redacted]&next=/ then Bearer [redacted]; your code: [redacted]");
    log.warn({ id: 7 }, `second-argument message with /l/${secret43}`);
    expect(last().msg).toBe("second-argument message with /l/[redacted]");
    log.error({ err: new Error(`redeem failed for /p/acme/l/${secret43}?token=${secret43}`) }, "boom");
    const err = last().err!;
    expect(err.message).toBe("redeem failed for /p/acme/l/[redacted]?token=[redacted]");
    expect(err.stack).toContain("redeem failed for /p/acme/l/[redacted]");
    expect(lines.at(-1)).not.toContain(secret43);
    // A secret in a field the redaction does not know by name is cut out of its value.
    log.info({ url: `http://x/p/acme/l/${secret43}`, redirect: { location: `/admin/reset-password/${secret43}` }, list: [`?t=${secret43}`] }, "fields");
    expect(last()).toMatchObject({ url: "http://x/p/acme/l/[redacted]", redirect: { location: "/admin/reset-password/[redacted]" }, list: ["?t=[redacted]"] });
    // Short ids and ordinary numbers stay readable.
    expect(m.logMod.scrub("contact /l/abc and 123456 emails")).toBe("contact /l/abc and 123456 emails");
  });
});
