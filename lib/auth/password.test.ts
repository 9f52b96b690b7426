import { describe, expect, it } from "vitest";
import { checkPassword, hashPassword, verifyPassword } from "./password";

describe("passwords", () => {
  it("keeps every character significant beyond bcrypt's 72 bytes", async () => {
    const a = "é".repeat(40) + "tail-A"; // 80 bytes of UTF-8 before the difference
    const b = "é".repeat(40) + "tail-B";
    const hash = await hashPassword(a);
    expect(await verifyPassword(a, hash)).toBe(true);
    expect(await verifyPassword(b, hash)).toBe(false);
    expect(hash).not.toContain(a);
  });

  it("refuses common and too-short passwords with a reason, accepts a passphrase", () => {
    expect(checkPassword("short")).toMatchObject({ ok: false, message: expect.stringContaining("at least 8") });
    const common = checkPassword("password123");
    expect(common.ok).toBe(false);
    expect(checkPassword("jane.doe@example.com1", ["jane.doe@example.com"]).ok).toBe(false);
    expect(checkPassword("violet canyon drifts slowly").ok).toBe(true);
    expect(checkPassword("x".repeat(257))).toMatchObject({ ok: false, message: expect.stringContaining("at most 256") });
  });

  it("never verifies against a missing hash", async () => {
    expect(await verifyPassword("anything", null)).toBe(false);
  });
});
