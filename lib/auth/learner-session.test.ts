import { decode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { authSecret } from "@/lib/env";
import { learnerCookieName, learnerSessionCookie } from "./learner-session";

describe("learner session cookie", () => {
  it("is read by Auth.js's own decoder, with the claims the realm verifies", async () => {
    const contact = { id: "c1", sessionVersion: "v1", workspaceId: "w1", email: "a@example.com", firstName: "Ada", lastName: "L" };
    const cookie = await learnerSessionCookie(contact);
    const claims = await decode({ token: cookie.value, secret: authSecret(), salt: learnerCookieName });
    expect(claims).toMatchObject({ sub: "c1", sv: "v1", ws: "w1", email: "a@example.com", name: "Ada L" });
    expect(Number(claims!.exp) - Number(claims!.iat)).toBe(30 * 24 * 3600);
    // The tag covers the ciphertext: one changed character and the cookie is refused.
    const parts = cookie.value.split(".");
    parts[3] = (parts[3]![0] === "A" ? "B" : "A") + parts[3]!.slice(1);
    await expect(decode({ token: parts.join("."), secret: authSecret(), salt: learnerCookieName })).rejects.toThrow();
    await expect(decode({ token: cookie.value, secret: "another secret of sufficient length!!", salt: learnerCookieName })).rejects.toThrow();
  });
});
