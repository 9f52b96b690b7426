import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEntries, authTokens, teamMembers, type Workspace } from "@/db/schema";
import { verifyCode } from "@/lib/links/codes";
import { issueLearnerToken } from "@/lib/links/issue";
import { issueAdminToken } from "@/lib/links/admin-tokens";
import { resetAdminPassword } from "@/lib/links/admin-reset";
import { makeContact, makeWorkspace } from "@/test/fixtures";
import { authenticateAdmin } from "./admin-login";
import { authenticateLearner } from "./learner-login";
import { hashPassword } from "./password";

// Attempts are counted before they are checked, atomically in the database: a flood of
// parallel requests cannot get more comparisons than the limit allows (issue 12, items 2, 4, 5).
describe("attempt limits hold under parallel requests", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace("attempts");
  });

  it("400 concurrent wrong codes from 400 IPs: at most 5 are compared, then the right code fails too", async () => {
    const c = await makeContact(ws);
    const { secret, token } = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_code", via: "login_page" }));
    const wrong = secret === "000000" ? "111111" : "000000";
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) => verifyCode({ workspace: ws, email: c.email, code: wrong, request: { ip: `10.20.${i >> 8}.${i & 255}` } })),
    );
    const compared = results.filter((r) => !r.ok && r.reason === "wrong");
    expect(compared.length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBeGreaterThanOrEqual(395);
    const [row] = await db.select().from(authTokens).where(eq(authTokens.id, token.id));
    expect(row!.failedAttempts).toBeLessThanOrEqual(5);
    expect(row!.revokedReason).toBe("burned");
    const right = await verifyCode({ workspace: ws, email: c.email, code: secret, request: { ip: "10.21.0.1" } });
    expect(right.ok).toBe(false);
    expect(await db.select().from(auditEntries).where(and(eq(auditEntries.contactId, c.id), eq(auditEntries.action, "login_code.used")))).toHaveLength(0);
  });

  it("a code is compared at most five times even when the per-contact count is gone (per-code counter)", async () => {
    const c = await makeContact(ws);
    const { secret, token } = await db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind: "login_code", via: "login_page" }));
    await db.update(authTokens).set({ failedAttempts: 5 }).where(eq(authTokens.id, token.id));
    expect(await verifyCode({ workspace: ws, email: c.email, code: secret, request: { ip: "10.22.0.1" } })).toMatchObject({ ok: false });
  });

  it("60 parallel wrong learner passwords from one IP: at most the IP limit (50) are verified, the rest are throttled", async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => authenticateLearner({ workspaceSlug: ws.slug, email: `guess-${i}@example.com`, password: "not it at all", request: { ip: "198.51.100.60" } })),
    );
    const verified = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(verified).toBeLessThanOrEqual(50);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBe(60 - verified);
  });

  it("a right password is not counted: ten wrong ones, then right, then still allowed", async () => {
    const c = await makeContact(ws, { password: "steady copper meadow 7" });
    const ip = (n: number) => ({ ip: `198.51.101.${n}` });
    for (let i = 0; i < 9; i++) await authenticateLearner({ workspaceSlug: ws.slug, email: c.email, password: `wrong ${i}`, request: ip(i) });
    expect((await authenticateLearner({ workspaceSlug: ws.slug, email: c.email, password: "steady copper meadow 7", request: ip(9) })).ok).toBe(true);
    expect((await authenticateLearner({ workspaceSlug: ws.slug, email: c.email, password: "steady copper meadow 7", request: ip(10) })).ok).toBe(true);
  });

  it("admin sign-in is limited per account and per IP, counted before bcrypt", async () => {
    const email = `owner-${Date.now()}@example.com`;
    await db.insert(teamMembers).values({ email, name: "Owner", passwordHash: await hashPassword("granite orchard lantern 9") });
    const perAccount = await Promise.all(Array.from({ length: 25 }, (_, i) => authenticateAdmin({ email, password: `wrong ${i}`, request: { ip: `203.0.113.${i}` } })));
    expect(perAccount.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(10);
    // Locked: even the right password waits (and says until when).
    const locked = await authenticateAdmin({ email, password: "granite orchard lantern 9", request: { ip: "203.0.113.200" } });
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    if (!locked.ok && locked.reason === "throttled") expect(locked.retryAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    // The owner resets the password by the emailed link: the lockout others caused is lifted.
    const [m] = await db.select().from(teamMembers).where(eq(teamMembers.email, email));
    const { secret } = await db.transaction((tx) => issueAdminToken(tx, { kind: "admin_password_reset", teamMemberId: m!.id, via: "forgot_password" }));
    expect((await resetAdminPassword(secret, "cobalt meadow lantern 12", { ip: "203.0.113.201" })).ok).toBe(true);
    expect((await authenticateAdmin({ email, password: "cobalt meadow lantern 12", request: { ip: "203.0.113.202" } })).ok).toBe(true);

    const perIp = await Promise.all(Array.from({ length: 60 }, (_, i) => authenticateAdmin({ email: `nobody-${i}@example.com`, password: "x", request: { ip: "203.0.113.250" } })));
    expect(perIp.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(50);
    expect(perIp.filter((r) => !r.ok && r.reason === "throttled").length).toBeGreaterThanOrEqual(10);
  });
});
