import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, rowsOf } from "@/db/client";
import { auditEntries, type Workspace } from "@/db/schema";
import { setOwnPassword } from "@/lib/auth/learner-account";
import { adminChangePassword } from "@/lib/contacts/security";
import { appUrl } from "@/lib/env";
import { latestEmail, makeContact, makeWorkspace, reload, request, secretOf } from "@/test/fixtures";
import { generateMagicLink, revokeLink } from "./admin-links";
import { verifyCode } from "./codes";
import { issueLearnerToken } from "./issue";
import { openLink } from "./landing";
import { completePasswordLink } from "./password-links";
import { ttlFor, type LearnerTokenKind } from "./policy";
import { redeemSignInLink } from "./redeem";
import { queueCodeEmail, queuePasswordEmail, queueSetupEmail, queueSignInEmail } from "./send";

const strong = "quiet harbor lanterns 42";

describe("learner links and codes (SPEC §3)", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace("links");
  });

  it("1. secrets carry 256 bits; a dump of every table shows no token, code or link", async () => {
    const c = await makeContact(ws, { password: strong });
    const secrets: string[] = [];
    await db.transaction(async (tx) => {
      secrets.push(secretOf((await queueSignInEmail(tx, { workspace: ws, contact: c, via: "login_page", withCode: true })).url));
      secrets.push(secretOf((await queuePasswordEmail(tx, { workspace: ws, contact: c, via: "forgot_password" })).url));
      secrets.push(secretOf((await queueSetupEmail(tx, { workspace: ws, contact: c, via: "grant" })).url));
    });
    const magic = await generateMagicLink({ workspace: ws, actor: { type: "system" }, request }, { contactId: c.id, sendEmail: true });
    if (!magic.ok) throw new Error(magic.error);
    secrets.push(secretOf(magic.url));
    const email = await latestEmail(c.email);
    const code = (await db.transaction((tx) => queueCodeEmail(tx, { workspace: ws, contact: c, via: "login_page" }))).secret;
    for (const s of secrets) {
      expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(s, "base64url")).toHaveLength(32);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
    expect(email!.links[0]).toBe(magic.url); // the email carries the link, sealed at rest

    const tables = await rowsOf<{ t: string }>(db, sql`select tablename as t from pg_tables where schemaname = 'public'`);
    let dump = "";
    for (const { t } of tables) {
      const rows = await rowsOf<{ r: string }>(db, sql`select row_to_json(x)::text as r from ${sql.identifier(t)} x`);
      dump += rows.map((r) => r.r).join("\n");
    }
    expect(dump.length).toBeGreaterThan(1000);
    for (const s of secrets) expect(dump).not.toContain(s);
    expect(dump).not.toContain(`${code} `);
    expect(dump).not.toMatch(new RegExp(`[^0-9a-f]${code}[^0-9a-f]`));
  });

  it("2 + 5. opening never consumes; of 50 concurrent redemptions of a one-time link exactly one signs in", async () => {
    const c = await makeContact(ws);
    const { url } = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_send" }));
    for (let i = 0; i < 3; i++) expect((await openLink(ws, secretOf(url), request)).state).toBe("confirm");
    // Fifty browsers (distinct addresses): only the same browser gets REUSE_GRACE, tested below.
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => redeemSignInLink(ws.slug, secretOf(url), { ip: `198.51.100.${i + 1}`, userAgent: "vitest" })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.problem)).toEqual(Array(49).fill("used"));
    const used = await db.select().from(auditEntries).where(and(eq(auditEntries.contactId, c.id), eq(auditEntries.action, "login_link.used")));
    expect(used).toHaveLength(1);
    expect((await reload(c)).portalStatus).toBe("active");
    expect(await openLink(ws, secretOf(url), request)).toEqual({ state: "dead", problem: "used" });
  });

  it("a one-time link whose answer was lost: the same browser may use it again within 60 s (at most 3 uses, audited); no one else, and not later", async () => {
    const c = await makeContact(ws);
    const { url } = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_send" }));
    const mine = { ip: "192.0.2.44", userAgent: "Mozilla/5.0 (the learner's browser)" };
    expect((await redeemSignInLink(ws.slug, secretOf(url), mine)).ok).toBe(true);
    // The cookie never arrived: the same browser opens the link again and continues.
    expect((await openLink(ws, secretOf(url), mine)).state).toBe("confirm");
    expect((await redeemSignInLink(ws.slug, secretOf(url), mine)).ok).toBe(true);
    // Another browser on the same address, or another address with the same browser: used.
    expect(await openLink(ws, secretOf(url), { ...mine, userAgent: "curl/8" })).toEqual({ state: "dead", problem: "used" });
    expect(await redeemSignInLink(ws.slug, secretOf(url), { ...mine, userAgent: "curl/8" })).toEqual({ ok: false, problem: "used" });
    expect(await redeemSignInLink(ws.slug, secretOf(url), { ...mine, ip: "192.0.2.45" })).toEqual({ ok: false, problem: "used" });
    expect(await redeemSignInLink(ws.slug, secretOf(url), { ip: null, userAgent: null } as never)).toEqual({ ok: false, problem: "used" });
    // Third use is the last.
    expect((await redeemSignInLink(ws.slug, secretOf(url), mine)).ok).toBe(true);
    expect(await redeemSignInLink(ws.slug, secretOf(url), mine)).toEqual({ ok: false, problem: "used" });
    const audit = await db.select({ action: auditEntries.action, ip: auditEntries.ip }).from(auditEntries).where(and(eq(auditEntries.contactId, c.id), sql`${auditEntries.action} like 'login_link.used%'`));
    expect(audit.map((a) => a.action).sort()).toEqual(["login_link.used", "login_link.used_again", "login_link.used_again"]);

    // Past the window, even the same browser is told the link was used.
    const other = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_send" }));
    expect((await redeemSignInLink(ws.slug, secretOf(other.url), mine)).ok).toBe(true);
    await db.execute(sql`update auth_tokens set used_at = now() - interval '61 seconds' where id = ${other.token.id}`);
    expect(await openLink(ws, secretOf(other.url), mine)).toEqual({ state: "dead", problem: "used" });
    expect(await redeemSignInLink(ws.slug, secretOf(other.url), mine)).toEqual({ ok: false, problem: "used" });
  });

  it("2. a reset link and a code also go through once under concurrency; a magic link works many times, each use audited", async () => {
    const c = await makeContact(ws, { password: strong });
    const reset = await db.transaction((tx) => queuePasswordEmail(tx, { workspace: ws, contact: c, via: "forgot_password" }));
    const sets = await Promise.all(Array.from({ length: 8 }, (_, i) => completePasswordLink({ workspace: ws, secret: secretOf(reset.url), password: `${strong} v${i}`, request })));
    expect(sets.filter((r) => r.ok)).toHaveLength(1);

    const code = await db.transaction((tx) => queueCodeEmail(tx, { workspace: ws, contact: c, via: "login_page" }));
    const tries = await Promise.all(Array.from({ length: 10 }, () => verifyCode({ workspace: ws, email: c.email, code: code.secret, request })));
    expect(tries.filter((r) => r.ok)).toHaveLength(1);

    const magic = await generateMagicLink({ workspace: ws, actor: { type: "system" }, request }, { contactId: c.id, sendEmail: false });
    if (!magic.ok) throw new Error(magic.error);
    for (let i = 0; i < 3; i++) expect((await redeemSignInLink(ws.slug, secretOf(magic.url), request)).ok).toBe(true);
    const uses = await db.select().from(auditEntries).where(and(eq(auditEntries.contactId, c.id), eq(auditEntries.action, "learner_magic_link.used")));
    expect(uses).toHaveLength(3);
  });

  it("3. every kind works just before its lifetime ends and is dead just after", async () => {
    const kinds: LearnerTokenKind[] = ["learner_magic_link", "login_link", "password_setup", "password_reset", "login_code"];
    for (const kind of kinds) {
      for (const via of kind === "login_link" ? ["admin_send", "login_page"] : ["admin_send"]) {
        const ttl = ttlFor(kind, ws, via);
        const c = await makeContact(ws);
        const issue = (ageMs: number) => db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind, via, now: new Date(Date.now() - ageMs) }));
        const dead = await issue(ttl + 1000);
        const use = async (t: Awaited<ReturnType<typeof issue>>) => {
          if (kind === "login_code") return (await verifyCode({ workspace: ws, email: c.email, code: t.secret, request })).ok;
          if (kind === "password_setup" || kind === "password_reset") return (await completePasswordLink({ workspace: ws, secret: t.secret, password: strong, request })).ok;
          return (await redeemSignInLink(ws.slug, t.secret, request)).ok;
        };
        // Most kinds supersede each other: try the dead one first, then issue the live one.
        expect([kind, via, await use(dead)]).toEqual([kind, via, false]);
        const live = await issue(ttl - 3000);
        expect([kind, via, await use(live)]).toEqual([kind, via, true]);
        expect(Math.round(ttl / 60000)).toBe({ learner_magic_link: 7 * 24 * 60, login_link: via === "login_page" ? 15 : 24 * 60, password_setup: 7 * 24 * 60, password_reset: 120, login_code: 10 }[kind]);
      }
    }
  });

  it("4. newer magic and reset links replace older ones; a password change cancels reset and setup links", async () => {
    const c = await makeContact(ws, { password: strong });
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    const m1 = await generateMagicLink(ctx, { contactId: c.id, sendEmail: false });
    const m2 = await generateMagicLink(ctx, { contactId: c.id, sendEmail: false });
    if (!m1.ok || !m2.ok) throw new Error("no access");
    expect(await redeemSignInLink(ws.slug, secretOf(m1.url), request)).toEqual({ ok: false, problem: "replaced" });
    expect((await redeemSignInLink(ws.slug, secretOf(m2.url), request)).ok).toBe(true);

    const r1 = await db.transaction((tx) => queuePasswordEmail(tx, { workspace: ws, contact: c, via: "forgot_password" }));
    const r2 = await db.transaction((tx) => queuePasswordEmail(tx, { workspace: ws, contact: c, via: "forgot_password" }));
    expect(await openLink(ws, secretOf(r1.url), request)).toEqual({ state: "dead", problem: "replaced" });
    const setup = await db.transaction((tx) => queueSetupEmail(tx, { workspace: ws, contact: c, via: "grant" }));
    expect((await openLink(ws, secretOf(setup.url), request)).state).toBe("set_password");

    const changed = await setOwnPassword({ workspace: ws, contact: await reload(c), current: strong, password: `${strong}!`, request });
    expect(changed.ok).toBe(true);
    expect(await openLink(ws, secretOf(r2.url), request)).toEqual({ state: "dead", problem: "revoked" });
    expect(await openLink(ws, secretOf(setup.url), request)).toEqual({ state: "dead", problem: "revoked" });

    // The admin's change does the same, and bumps the session version.
    const r3 = await db.transaction((tx) => queuePasswordEmail(tx, { workspace: ws, contact: c, via: "admin_send" }));
    const before = (await reload(c)).sessionVersion;
    expect((await adminChangePassword(ctx, { contactId: c.id, password: "another calm river 9", notify: true })).ok).toBe(true);
    expect((await reload(c)).sessionVersion).not.toBe(before);
    expect((await openLink(ws, secretOf(r3.url), request)).state).toBe("dead");
    expect((await latestEmail(c.email))!.subject).toMatch(/password was changed/);
  });

  it("5. no live access: every kind refuses, nothing is signed in", async () => {
    const c = await makeContact(ws, { access: false });
    const issue = (kind: LearnerTokenKind) => db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind, via: "admin_send" }));
    expect(await redeemSignInLink(ws.slug, (await issue("login_link")).secret, request)).toEqual({ ok: false, problem: "no_access" });
    const setup = await issue("password_setup");
    expect(await openLink(ws, setup.secret, request)).toEqual({ state: "dead", problem: "no_access" });
    expect(await completePasswordLink({ workspace: ws, secret: setup.secret, password: strong, request })).toEqual({ ok: false, problem: "no_access" });
    expect(await verifyCode({ workspace: ws, email: c.email, code: (await issue("login_code")).secret, request })).toEqual({ ok: false, reason: "no_access" });
    expect(await generateMagicLink({ workspace: ws, actor: { type: "system" }, request }, { contactId: c.id, sendEmail: false })).toMatchObject({ ok: false });
    expect((await reload(c)).portalStatus).toBe("none");
  });

  it("admins see and revoke outstanding links", async () => {
    const c = await makeContact(ws);
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    const link = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_send" }));
    expect((await revokeLink(ctx, { contactId: c.id, tokenId: link.token.id })).ok).toBe(true);
    expect(await redeemSignInLink(ws.slug, link.secret, request)).toEqual({ ok: false, problem: "revoked" });
    expect((await revokeLink(ctx, { contactId: c.id, tokenId: link.token.id })).ok).toBe(false);
  });

  it("9. destinations: only sections and same-workspace paths survive; links use the configured app URL", async () => {
    const c = await makeContact(ws);
    const tries: [string, string][] = [
      ["courses", `/p/${ws.slug}/courses`],
      [`/p/${ws.slug}/courses/watercolor`, `/p/${ws.slug}/courses/watercolor`],
      ["//evil.test", `/p/${ws.slug}`],
      ["https://evil.test", `/p/${ws.slug}`],
      ["/\\evil.test", `/p/${ws.slug}`],
      [`/p/${ws.slug}/../../admin`, `/p/${ws.slug}`],
      [`/p/${ws.slug}//evil.test`, `/p/${ws.slug}`],
      ["/p/other-ws/courses", `/p/${ws.slug}`],
      ["toString", `/p/${ws.slug}`],
    ];
    for (const [destination, expected] of tries) {
      const t = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_send", destination }));
      expect(t.url.startsWith(`${appUrl}/p/${ws.slug}/l/`)).toBe(true);
      const r = await redeemSignInLink(ws.slug, t.secret, request);
      expect([destination, r.ok && r.next]).toEqual([destination, expected]);
    }
  });

  it("10. a token, code or contact of workspace A never works in workspace B", async () => {
    const other = await makeWorkspace("links-b");
    const c = await makeContact(ws, { password: strong });
    await makeContact(other, { email: c.email, password: strong });
    const link = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_link", via: "admin_send" }));
    expect(await redeemSignInLink(other.slug, link.secret, request)).toEqual({ ok: false, problem: "unknown" });
    expect(await openLink(other, link.secret, request)).toEqual({ state: "dead", problem: "unknown" });
    const reset = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "password_reset", via: "admin_send" }));
    expect(await completePasswordLink({ workspace: other, secret: reset.secret, password: strong, request })).toEqual({ ok: false, problem: "unknown" });
    const code = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_code", via: "login_page" }));
    expect(await verifyCode({ workspace: other, email: c.email, code: code.secret, request })).toMatchObject({ ok: false, reason: "wrong" });
    const ctxB = { workspace: other, actor: { type: "system" as const }, request };
    await expect(generateMagicLink(ctxB, { contactId: c.id, sendEmail: false })).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404|NEXT_NOT_FOUND/);
    await expect(revokeLink(ctxB, { contactId: c.id, tokenId: link.token.id })).rejects.toThrow();
    // Still good in its own workspace.
    expect((await redeemSignInLink(ws.slug, link.secret, request)).ok).toBe(true);
  });
});
