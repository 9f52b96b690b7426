import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { authSecret } from "@/lib/env";
import { learnerCookieName, learnerSessionCookie, readLearnerCookie } from "./learner-session";

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

  it("reads back what it writes and what Auth.js writes, and nothing else (the page cache's reader)", async () => {
    const contact = { id: "c2", sessionVersion: "v2", workspaceId: "w2", email: "b@example.com", firstName: "Bo", lastName: "" };
    const ours = (await learnerSessionCookie(contact)).value;
    expect(await readLearnerCookie(ours)).toMatchObject({ sub: "c2", sv: "v2", ws: "w2" });
    const theirs = await encode({ token: { sub: "c3", sv: "v3", ws: "w3", authTime: 1 }, secret: authSecret(), salt: learnerCookieName, maxAge: 60 });
    expect(await readLearnerCookie(theirs)).toMatchObject({ sub: "c3", sv: "v3", ws: "w3" });
    const parts = ours.split(".");
    parts[3] = (parts[3]![0] === "A" ? "B" : "A") + parts[3]!.slice(1);
    expect(await readLearnerCookie(parts.join("."))).toBeNull();
    expect(await readLearnerCookie(theirs, Math.floor(Date.now() / 1000) + 61)).toBeNull(); // expired
    const otherKey = await encode({ token: { sub: "c3" }, secret: "another secret of sufficient length!!", salt: learnerCookieName });
    expect(await readLearnerCookie(otherKey)).toBeNull();
    expect(await readLearnerCookie("a.b.c")).toBeNull();
  });
});
