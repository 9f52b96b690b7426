import { describe, expect, it } from "vitest";
import { maskPhone, normalizePhone, phoneField } from "./phone";

describe("phone numbers in E.164", () => {
  it("reads national numbers in the default region and international ones as written", () => {
    expect(normalizePhone("(202) 555-0123", "US")).toEqual({ ok: true, e164: "+12025550123" });
    expect(normalizePhone(" 202.555.0123 ", "us")).toEqual({ ok: true, e164: "+12025550123" });
    expect(normalizePhone("07911 123456", "GB")).toEqual({ ok: true, e164: "+447911123456" });
    expect(normalizePhone("+44 20 7946 0958", "US")).toEqual({ ok: true, e164: "+442079460958" });
    expect(normalizePhone("0044 20 7946 0958", "FR")).toEqual({ ok: true, e164: "+442079460958" }); // France's international prefix
    expect(normalizePhone("+442079460958")).toEqual({ ok: true, e164: "+442079460958" }); // default region from SMS_DEFAULT_REGION
  });

  it("refuses garbage, impossible numbers and unknown regions with a message that says what to do", () => {
    expect(normalizePhone("call me maybe", "US")).toEqual({ ok: false, error: "Not a phone number: use digits, spaces and + ( ) - only." });
    const short = normalizePhone("+1 555 0000", "US");
    expect(short).toEqual({ ok: false, error: "Not a valid phone number. Numbers outside United States need their country code, such as +44 20 7946 0958." });
    expect(normalizePhone("12", "DE")).toMatchObject({ ok: false, error: expect.stringContaining("outside Germany") });
    expect(normalizePhone("", "US")).toEqual({ ok: false, error: "No phone number." });
    expect(normalizePhone("2025550123", "XX")).toMatchObject({ ok: false, error: expect.stringContaining("Unknown default country") });
  });

  it("as a form field: empty is null, valid becomes E.164, invalid is a field error", () => {
    const field = phoneField("US");
    expect(field.parse("  ")).toBeNull();
    expect(field.parse("202-555-0123")).toBe("+12025550123");
    const bad = field.safeParse("555-0100");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/^Not a valid phone number/);
  });

  it("masks numbers for logs", () => {
    expect(maskPhone("+12025550123")).toBe("+1•••••0123");
    expect(maskPhone(null)).toBe("(none)");
  });
});
