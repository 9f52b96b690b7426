/**
 * Mints the learner realm's session cookie directly, for sign-ins that do not go through an
 * Auth.js provider (links, codes, set-password). The cookie is the same encrypted JWT that
 * Auth.js issues and reads (dir + A256CBC-HS512, key derived from AUTH_SECRET with the cookie
 * name as salt), so `auth()` verifies it like any other. A link redemption is on the hot path
 * (bench:links), so the key is derived once, and the JWE is written with node:crypto's
 * synchronous AES-CBC and HMAC (RFC 7518 §5.2.5): jose's EncryptJWT imports two WebCrypto keys
 * and runs two WebCrypto jobs per cookie, which was a fifth of a redemption's server CPU.
 * A test checks that Auth.js's own decoder reads what this writes.
 */
import { base64url, calculateJwkThumbprint } from "jose";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
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

/**
 * A compact JWE with `alg: dir`, `enc: A256CBC-HS512` (RFC 7516, RFC 7518 §5.2): the 64-byte
 * key is the MAC key (first half) and the AES-256 key (second half); the tag is the first
 * 32 bytes of HMAC-SHA-512 over AAD ‖ IV ‖ ciphertext ‖ AAD length in bits (64-bit big-endian).
 */
function encryptJwt(key: Uint8Array, kid: string, payload: object): string {
  const header = Buffer.from(JSON.stringify({ alg: "dir", enc: ENC, kid })).toString("base64url");
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key.subarray(32, 64), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), "utf8"), cipher.final()]);
  const tag = cbcHsTag(key.subarray(0, 32), header, iv, ciphertext);
  return `${header}..${iv.toString("base64url")}.${ciphertext.toString("base64url")}.${tag.toString("base64url")}`;
}

/** The MAC of RFC 7518 §5.2.2.1 for A256CBC-HS512: HMAC-SHA-512 truncated to 32 bytes. */
function cbcHsTag(macKey: Uint8Array, header: string, iv: Buffer, ciphertext: Buffer): Buffer {
  const aad = Buffer.from(header, "ascii");
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length * 8));
  return createHmac("sha512", macKey).update(aad).update(iv).update(ciphertext).update(aadBits).digest().subarray(0, 32);
}

/**
 * The claims of a portal session cookie written by this module or by Auth.js, or null when it
 * is not one of ours (wrong key or header, tampered, malformed) or has expired. Only the
 * production server's page cache reads cookies this way; pages read them through `auth()`.
 */
export async function readLearnerCookie(value: string, nowS = Math.floor(Date.now() / 1000)): Promise<(RealmClaims & { exp?: number }) | null> {
  const parts = value.split(".");
  if (parts.length !== 5 || parts[1] !== "") return null;
  const [header, , ivB64, ctB64, tagB64] = parts as [string, string, string, string, string];
  const { key, kid } = await encryptionKey();
  let head: { alg?: string; enc?: string; kid?: string };
  try {
    head = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (head.alg !== "dir" || head.enc !== ENC || (head.kid !== undefined && head.kid !== kid)) return null;
  const iv = Buffer.from(ivB64, "base64url");
  const ciphertext = Buffer.from(ctB64, "base64url");
  const tag = Buffer.from(tagB64, "base64url");
  if (iv.length !== 16 || tag.length !== 32 || !timingSafeEqual(tag, cbcHsTag(key.subarray(0, 32), header, iv, ciphertext))) return null;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key.subarray(32, 64), iv);
    const claims = JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8"));
    if (typeof claims !== "object" || claims === null) return null;
    if (typeof claims.exp === "number" && claims.exp <= nowS) return null;
    return claims;
  } catch {
    return null;
  }
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
  const value = encryptJwt(key, kid, { ...claims, iat: now, exp: now + maxAge, jti: randomUUID() });
  return { name: learnerCookieName, value, options: { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge } };
}

/** The Set-Cookie header value of a session cookie, for responses written without Next. */
export function serializeCookie(cookie: SessionCookie): string {
  const o = cookie.options;
  const expires = new Date(Date.now() + o.maxAge * 1000).toUTCString();
  return `${cookie.name}=${cookie.value}; Path=${o.path}; Expires=${expires}; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? "; Secure" : ""}`;
}
