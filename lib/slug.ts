import { z } from "zod";
import { isSavableText } from "@/lib/utils";

export const RESERVED_SLUGS = new Set(["admin", "api", "dev", "setup", "new", "p", "login", "_next"]);

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters.")
  .max(48, "Use at most 48 characters.")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens (e.g. acme-academy).")
  .refine((s) => !RESERVED_SLUGS.has(s), "That address is reserved; choose another.");

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
}

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

/** Text as a person types it: well-formed, without NUL or control characters (see isSavableText). */
export const textSchema = z.string().refine(isSavableText, "This contains characters that cannot be saved.");
