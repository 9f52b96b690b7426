import { unseal } from "@/lib/mail/sealed";
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { authTokens, emailMessages, teamMembers } from "@/db/schema";
import { drainOutbox } from "@/lib/mail/deliver";
import { createOwnerAndWorkspace } from "@/lib/tenancy/setup";
import { verifyPassword } from "@/lib/auth/password";
import { ADMIN_RESET_TTL_MS, inspectAdminResetLink, requestAdminPasswordReset, resetAdminPassword } from "./admin-reset";

const request = { ip: "203.0.113.9", userAgent: "vitest" };
const email = "reset-owner@example.com";

/** The secret is only in the email: read it back from the delivered message, as a person would. */
async function latestLink(): Promise<string> {
  await drainOutbox();
  const [newest] = await db.select().from(emailMessages).orderBy(desc(emailMessages.createdAt)).limit(1);
  expect(newest!.status).toBe("delivered");
  return unseal(newest!.links[0]!).split("/").pop()!;
}

describe("admin password reset", () => {
  beforeAll(async () => {
    await createOwnerAndWorkspace({ name: "Reset Owner", email, password: "violet canyon drifts slowly", workspaceName: "R", workspaceSlug: "r-ws" });
  });

  it("emails a link for a known address only, storing just a hash", async () => {
    await requestAdminPasswordReset("nobody@example.com", request);
    expect(await db.select().from(emailMessages)).toHaveLength(0);
    await requestAdminPasswordReset(email.toUpperCase(), request);
    const secret = await latestLink();
    const tokens = await db.select().from(authTokens);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.tokenHash).not.toContain(secret);
    expect(JSON.stringify(tokens)).not.toContain(secret);
    expect(tokens[0]!.expiresAt.getTime() - tokens[0]!.createdAt.getTime()).toBeGreaterThan(ADMIN_RESET_TTL_MS - 5000);
  });

  it("GET never consumes; one use sets the password and ends other sessions; a newer link replaces the older", async () => {
    await requestAdminPasswordReset(email, request);
    const older = await latestLink();
    await requestAdminPasswordReset(email, request);
    const newer = await latestLink();
    expect((await inspectAdminResetLink(older)).dead).toBe("replaced");
    expect(await inspectAdminResetLink(newer)).toEqual({ dead: null, email, invite: false });
    expect((await inspectAdminResetLink(newer)).dead).toBeNull();

    expect(await resetAdminPassword(newer, "password1", request)).toMatchObject({ ok: false, passwordError: expect.any(String) });
    const [before] = await db.select().from(teamMembers).where(eq(teamMembers.email, email));
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => resetAdminPassword(newer, "amber lantern quietly hums", request)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const [after] = await db.select().from(teamMembers).where(eq(teamMembers.email, email));
    expect(after!.sessionVersion).not.toBe(before!.sessionVersion);
    expect(await verifyPassword("amber lantern quietly hums", after!.passwordHash)).toBe(true);
    expect((await inspectAdminResetLink(newer)).dead).toBe("used");
    expect((await inspectAdminResetLink("x".repeat(43))).dead).toBe("unknown");
  });

  it("is dead just after its 2 hours and alive just before", async () => {
    await requestAdminPasswordReset(email, request);
    const secret = await latestLink();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + ADMIN_RESET_TTL_MS - 60_000);
      expect((await inspectAdminResetLink(secret)).dead).toBeNull();
      vi.setSystemTime(Date.now() + 61_000);
      expect((await inspectAdminResetLink(secret)).dead).toBe("expired");
      expect(await resetAdminPassword(secret, "amber lantern quietly hums", request)).toEqual({ ok: false, dead: "expired" });
    } finally {
      vi.useRealTimers();
    }
  });
});
