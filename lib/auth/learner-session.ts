/**
 * Mints the learner realm's session cookie directly, for sign-ins that do not go through an
 * Auth.js provider (links, codes, set-password). The cookie is the same encrypted JWT that
 * Auth.js issues and reads (dir + A256CBC-HS512, key derived from AUTH_SECRET with the cookie
 * name as salt), so `auth()` verifies it like any other. The derived key is computed once:
 * a link redemption is on the hot path (bench:links) and the derivation costs more than the
 * encryption itself. A test checks that Auth.js's own decoder reads what this writes.
 */
import { base64url, calculateJwkThumbprint, EncryptJWT } from "jose";
import { hkdfSync, randomUUID } from "node:crypto";
import type { Contact } from "@/db/schema";
import { appUrl, authSecret } from "@/lib/env";
import { SESSION_MAX_AGE_S, type RealmClaims } from "./realm";

export const LEARNER_COOKIE = "portico.portal";

const secure = appUrl.startsWith("https://");
export const learnerCookieName = secure ? `__Secure-${LEARNER_COOKIE}` : LEARNER_COOKIE;

const ENC = "A256CBC-HS512";
let derived: Promise<{ key: Uint8Array; kid: string }> | undefined;

/** The same derivation as @auth/core's jwt.encode (HKDF-SHA256, 64 bytes for A256CBC-HS512). */
function encryptionKey() {
  derived ??= (async () => {
    const key = new Uint8Array(hkdfSync("sha256", authSecret(), learnerCookieName, `Auth.js Generated Encryption Key (${learnerCookieName})`, 64));
    const kid = await calculateJwkThumbprint({ kty: "oct", k: base64url.encode(key) }, "sha512");
    return { key, kid };
  })();
  return derived;
}

export type SessionCookie = {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; maxAge: number };
};

/**
 * The portal session of `contact`. With `preview`, an admin's "Preview as learner": it ends
 * after `preview.seconds` (the realm refuses it after `pv` even if the cookie is refreshed)
 * and names the admin, so the portal shows the preview banner and refuses learner actions.
 */
export async function learnerSessionCookie(
  contact: Pick<Contact, "id" | "sessionVersion" | "workspaceId" | "email" | "firstName" | "lastName">,
  preview?: { adminId: string; seconds: number },
): Promise<SessionCookie> {
  const now = Math.floor(Date.now() / 1000);
  const maxAge = preview ? preview.seconds : SESSION_MAX_AGE_S;
  const claims: RealmClaims & { email: string; name: string } = {
    ...(preview ? { pv: now + preview.seconds, pvBy: preview.adminId } : {}),
    sub: contact.id,
    sv: contact.sessionVersion,
    ws: contact.workspaceId,
    authTime: now,
    email: contact.email,
    name: `${contact.firstName} ${contact.lastName}`.trim(),
  };
  const { key, kid } = await encryptionKey();
  const value = await new EncryptJWT(claims)
    .setProtectedHeader({ alg: "dir", enc: ENC, kid })
    .setIssuedAt(now)
    .setExpirationTime(now + maxAge)
    .setJti(randomUUID())
    .encrypt(key);
  return { name: learnerCookieName, value, options: { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge } };
}
