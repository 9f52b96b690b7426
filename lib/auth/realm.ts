/**
 * The two sign-in realms share one shape: Auth.js with JWT sessions in their own cookie,
 * checked against the database on every read so that bumping a session version (password
 * change, "sign out everywhere") ends old sessions at once. Sessions last 30 days at most,
 * counted from sign-in, however often they are refreshed.
 */
import type { NextAuthConfig } from "next-auth";
import { appUrl, authSecret } from "@/lib/env";
import { logger } from "@/lib/log";

const log = logger("auth");

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

/** `pv`/`pvBy`: an admin's preview session, valid until `pv` (epoch seconds), started by admin `pvBy`. */
export type RealmClaims = { sub: string; sv: string; ws?: string; authTime: number; pv?: number; pvBy?: string };
export type RealmUser = { id: string; sv: string; ws?: string };

/** Sign-in through an external identity provider (OAuth/OIDC), when the realm allows one. */
export type ExternalSignIn = {
  /** true to go on, or the URL to send the person to instead. */
  check: (provider: string, profile: unknown) => Promise<true | string>;
  /** The realm's user for that identity (called once the check passed). */
  user: (provider: string, profile: unknown) => Promise<RealmUser | null>;
};

/**
 * What a session's claims say by themselves (before the database check): complete, within the
 * 30-day cap counted from sign-in, and for a preview, not past its end. `exp` is checked by
 * whoever decrypted the cookie.
 */
export function claimsLive(claims: Partial<RealmClaims>, nowS = Date.now() / 1000): claims is RealmClaims {
  if (!claims.sub || !claims.sv || !claims.authTime) return false;
  if (nowS - claims.authTime > SESSION_MAX_AGE_S) return false;
  if (claims.pv !== undefined && nowS >= claims.pv) return false;
  return true;
}

export function realmConfig(opts: {
  cookieName: string;
  basePath: string;
  providers: NextAuthConfig["providers"];
  /** Still valid? Called with the token's claims on every session read. */
  verify: (claims: RealmClaims) => Promise<boolean>;
  external?: ExternalSignIn;
}): NextAuthConfig {
  const secure = appUrl.startsWith("https://");
  return {
    secret: authSecret(),
    trustHost: true,
    basePath: opts.basePath,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    cookies: {
      sessionToken: {
        name: secure ? `__Secure-${opts.cookieName}` : opts.cookieName,
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    providers: opts.providers,
    pages: { signIn: "/", error: "/" },
    // A wrong password is an expected outcome shown on the form, not a server error to log.
    logger: {
      error(error) {
        if ((error as { type?: string }).type === "CredentialsSignin") return;
        log.error({ err: error }, "auth error");
      },
    },
    callbacks: {
      async signIn({ account, profile }) {
        if (!account || account.type === "credentials") return true;
        return opts.external ? opts.external.check(account.provider, profile) : false;
      },
      async jwt({ token, user, account, profile }) {
        if (user) {
          const external = account && account.type !== "credentials";
          const u = external ? await opts.external?.user(account.provider, profile) : (user as RealmUser);
          if (!u) return null;
          return { sub: u.id, sv: u.sv, ws: u.ws, authTime: Math.floor(Date.now() / 1000), name: user.name, email: user.email };
        }
        const claims = token as unknown as RealmClaims;
        if (!claimsLive(claims)) return null;
        return (await opts.verify(claims)) ? token : null;
      },
      async session({ session, token }) {
        const claims = token as unknown as RealmClaims;
        const preview = claims.pv ? { until: claims.pv, by: claims.pvBy } : undefined;
        return { ...session, userId: claims.sub, workspaceId: claims.ws, preview } as typeof session;
      },
    },
  };
}
