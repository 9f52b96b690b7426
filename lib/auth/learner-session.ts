/**
 * Mints the learner realm's session cookie directly, for sign-ins that do not go through an
 * Auth.js provider (links, codes, set-password). The cookie is the same encrypted JWT Auth.js
 * issues and reads, with the same claims, so `auth()` verifies it like any other.
 */
import { encode } from "next-auth/jwt";
import type { Contact } from "@/db/schema";
import { appUrl, authSecret } from "@/lib/env";
import { SESSION_MAX_AGE_S, type RealmClaims } from "./realm";

export const LEARNER_COOKIE = "portico.portal";

const secure = appUrl.startsWith("https://");
export const learnerCookieName = secure ? `__Secure-${LEARNER_COOKIE}` : LEARNER_COOKIE;

export type SessionCookie = {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; maxAge: number };
};

export async function learnerSessionCookie(contact: Pick<Contact, "id" | "sessionVersion" | "workspaceId" | "email" | "firstName" | "lastName">): Promise<SessionCookie> {
  const claims: RealmClaims & { email: string; name: string } = {
    sub: contact.id,
    sv: contact.sessionVersion,
    ws: contact.workspaceId,
    authTime: Math.floor(Date.now() / 1000),
    email: contact.email,
    name: `${contact.firstName} ${contact.lastName}`.trim(),
  };
  const value = await encode({ token: claims, secret: authSecret(), salt: learnerCookieName, maxAge: SESSION_MAX_AGE_S });
  return { name: learnerCookieName, value, options: { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: SESSION_MAX_AGE_S } };
}
