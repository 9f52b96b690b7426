/**
 * The checkout receipt: a short-lived signed cookie that ties a checkout to the browser that
 * made it. Only with it can "View Dashboard" skip the email (SPEC §3): a public email-only
 * form must never let someone else into an existing account.
 */
import { jwtVerify, SignJWT } from "jose";
import { createHmac } from "node:crypto";
import { appUrl, authSecret } from "@/lib/env";

export const RECEIPT_TTL_S = 60 * 60;
export const receiptCookieName = (workspaceSlug: string) => `portico.checkout.${workspaceSlug}`;

const key = () => createHmac("sha256", authSecret()).update("portico checkout receipt").digest();

export type Receipt = { contactId: string; offerId: string; workspaceId: string };

export async function receiptCookie(workspaceSlug: string, receipt: Receipt) {
  const value = await new SignJWT(receipt).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime(`${RECEIPT_TTL_S}s`).sign(key());
  return {
    name: receiptCookieName(workspaceSlug),
    value,
    options: { httpOnly: true, sameSite: "lax" as const, path: `/p/${workspaceSlug}`, secure: appUrl.startsWith("https://"), maxAge: RECEIPT_TTL_S },
  };
}

export async function readReceipt(value: string | undefined): Promise<Receipt | null> {
  if (!value) return null;
  try {
    const { payload } = await jwtVerify(value, key(), { algorithms: ["HS256"] });
    const { contactId, offerId, workspaceId } = payload as Partial<Receipt>;
    return contactId && offerId && workspaceId ? { contactId, offerId, workspaceId } : null;
  } catch {
    return null;
  }
}
