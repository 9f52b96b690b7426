/**
 * "Continue with Google" (or any OIDC provider the operator configures): signs in an existing
 * contact whose provider email matches and is marked verified; it never creates a contact
 * (SPEC §3: no pre-account takeover). The portal the learner came from travels in a
 * short-lived cookie, because one Auth.js instance serves every workspace.
 */
import type { OIDCConfig } from "next-auth/providers";
import { db } from "@/db/client";
import type { Contact } from "@/db/schema";
import { findContactByEmail } from "@/lib/contacts/record";
import { hasLiveAccess } from "@/lib/access/live-access";
import { env } from "@/lib/env";

export const OIDC_PROVIDER_ID = "oidc";
export const OIDC_WORKSPACE_COOKIE = "portico.oidc_ws";

type Settings = { issuer: string; clientId: string; clientSecret: string; name: string };

function settings(): Settings | null {
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    return { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, name: env.OIDC_NAME ?? "single sign-on" };
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    return { issuer: "https://accounts.google.com", clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET, name: "Google" };
  }
  return null;
}

const configured = settings();
export const oidcProviderName = configured?.name ?? null;

export type OidcProfile = { sub: string; email?: string; email_verified?: boolean | string; name?: string };

export function oidcProvider(): OIDCConfig<OidcProfile> | null {
  if (!configured) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: configured.name,
    type: "oidc",
    issuer: configured.issuer,
    clientId: configured.clientId,
    clientSecret: configured.clientSecret,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid email profile" } },
    profile: (p) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? null }),
  };
}

/** The contact a provider identity may sign in as, in the given workspace, or null. */
export async function contactForOidc(workspaceSlug: string | undefined, profile: OidcProfile | undefined): Promise<Contact | null> {
  const verified = profile?.email_verified === true || profile?.email_verified === "true";
  if (!workspaceSlug || !profile?.email || !verified) return null;
  const contact = await findContactByEmail({ workspaceSlug }, profile.email);
  if (!contact || !(await hasLiveAccess(db, contact.workspaceId, contact.id))) return null;
  return contact;
}
