/**
 * Phone numbers: contacts keep them in E.164 (+14155550123), the form SMS providers take and
 * inbound webhooks send, so a STOP from a number finds the contact by plain equality. Numbers
 * written without a country code are read in SMS_DEFAULT_REGION. Validation uses the full
 * metadata of libphonenumber-js (ranges actually assigned), not only the length.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { z } from "zod";
import { env } from "@/lib/env";

export type PhoneResult = { ok: true; e164: string } | { ok: false; error: string };

const regionName = (code: string) => {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
};

export function normalizePhone(input: string, defaultRegion: string = env.SMS_DEFAULT_REGION): PhoneResult {
  const text = input.trim();
  const region = defaultRegion.toUpperCase();
  if (!isSupportedCountry(region)) return { ok: false, error: `Unknown default country "${defaultRegion}": use a two-letter code such as US or GB.` };
  if (!text) return { ok: false, error: "No phone number." };
  if (text.length > 40 || !/^[+\d\s().\-/]+(\s*(ext\.?|x)\s*\d+)?$/i.test(text)) return { ok: false, error: "Not a phone number: use digits, spaces and + ( ) - only." };
  const parsed = parsePhoneNumberFromString(text, region as CountryCode);
  if (!parsed?.isValid()) return { ok: false, error: `Not a valid phone number. Numbers outside ${regionName(region)} need their country code, such as +44 20 7946 0958.` };
  return { ok: true, e164: parsed.number };
}

/**
 * A form field: empty stays null, anything else becomes E.164 or a field error with what to
 * fix. Shared by the profile form and anything else that takes a phone from a person.
 */
export const phoneField = (defaultRegion?: string) =>
  z
    .string()
    .trim()
    .max(40, "At most 40 characters.")
    .transform((value, ctx) => {
      if (!value) return null;
      const result = normalizePhone(value, defaultRegion);
      if (result.ok) return result.e164;
      ctx.addIssue({ code: "custom", message: result.error });
      return z.NEVER;
    });

/** For logs and error text: enough to tell numbers apart, not enough to dial (+1•••••0123). */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return "(none)";
  const digits = phone.replace(/\D/g, "");
  if (digits.length <= 4) return "•".repeat(digits.length);
  return `${phone.startsWith("+") ? "+" : ""}${digits.slice(0, 1)}•••••${digits.slice(-4)}`;
}
