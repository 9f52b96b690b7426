import { describe, expect, it, vi } from "vitest";

describe("SMS transport choice", () => {
  it("is the dev mailbox without Twilio credentials, Twilio with all three", async () => {
    const { currentSmsTransport } = await import("./index");
    expect(currentSmsTransport().name).toBe("dev");

    const vars = { TWILIO_ACCOUNT_SID: `AC${"f".repeat(32)}`, TWILIO_AUTH_TOKEN: "auth-token-0123456789abcdef", TWILIO_FROM: `MG${"e".repeat(32)}` };
    Object.assign(process.env, vars);
    vi.resetModules();
    try {
      const fresh = await import("./index");
      expect(fresh.currentSmsTransport().name).toBe("twilio");
      // Only some of them: the process refuses to start rather than silently keep texts in the mailbox.
      delete process.env.TWILIO_FROM;
      vi.resetModules();
      await expect(import("@/lib/env")).rejects.toThrow(/TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM/);
    } finally {
      for (const k of Object.keys(vars)) delete process.env[k];
    }
  });
});
