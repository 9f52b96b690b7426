/**
 * The checkout receipt: a short-lived encrypted cookie that ties a checkout to the browser that
 * made it. Only with it can "View Dashboard" skip the email (SPEC §3): a public email-only form
 * must never let someone else into an existing account. Every checkout sets one, of the same
 * shape and length, whether or not the address was new: the cookie tells its holder nothing.
 */
import { EncryptJWT, jwtDecrypt } from "jose";
import { createHmac } from "node:crypto";
import { appUrl, authSecret } from "@/lib/env";

export const RECEIPT_TTL_S = 60 * 60;
export const receiptCookieName = (workspaceSlug: string) => `portico.checkout.${workspaceSlug}`;

const key = () => createHmac("sha256", authSecret()).update("portico checkout receipt v2").digest();

/** `eligible`: this checkout created the contact, who had no password and no earlier grant. */
export type Receipt = { contactId: string; offerId: string; workspaceId: string; eligible: boolean };

export async function receiptCookie(workspaceSlug: string, receipt: Receipt) {
  const value = await new EncryptJWT({ c: receipt.contactId, o: receipt.offerId, w: receipt.workspaceId, e: receipt.eligible ? 1 : 0 })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(`${RECEIPT_TTL_S}s`)
    .encrypt(key());
  return {
    name: receiptCookieName(workspaceSlug),
    value,
    options: { httpOnly: true, sameSite: "lax" as const, path: `/p/${workspaceSlug}`, secure: appUrl.startsWith("https://"), maxAge: RECEIPT_TTL_S },
  };
}

export async function readReceipt(value: string | undefined): Promise<Receipt | null> {
  if (!value) return null;
  try {
    const { payload } = await jwtDecrypt(value, key(), { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256GCM"] });
    const { c, o, w, e } = payload as { c?: string; o?: string; w?: string; e?: number };
    return c && o && w ? { contactId: c, offerId: o, workspaceId: w, eligible: e === 1 } : null;
  } catch {
    return null;
  }
}
