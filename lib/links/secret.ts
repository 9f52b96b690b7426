import { createHash, randomBytes } from "node:crypto";

/** 256 bits from the CSPRNG, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** What is stored and looked up: never the secret itself. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** A secret looks like one we issue: refuse anything else before touching the database. */
export const isWellFormedSecret = (s: string) => /^[A-Za-z0-9_-]{43}$/.test(s);
