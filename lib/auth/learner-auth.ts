import { eq } from "drizzle-orm";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies, headers } from "next/headers";
import { db } from "@/db/client";
import { contacts } from "@/db/schema";
import { requestInfoFrom } from "@/lib/request-info";
import { markSignedIn, authenticateLearner } from "./learner-login";
import { LEARNER_COOKIE } from "./learner-session";
import { contactForOidc, OIDC_WORKSPACE_COOKIE, oidcProvider, type OidcProfile } from "./oidc";
import { throttledCode } from "./rate-limit";
import { realmConfig } from "./realm";
import { servedOnThisHost } from "@/lib/tenancy/workspaces";

class LearnerLoginError extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

async function oidcWorkspace(): Promise<string | undefined> {
  return (await cookies()).get(OIDC_WORKSPACE_COOKIE)?.value;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const oidc = oidcProvider();
  return realmConfig({
    cookieName: LEARNER_COOKIE,
    basePath: "/api/auth/portal",
    providers: [
      Credentials({
        id: "learner-password",
        credentials: { workspace: {}, email: {}, password: {} },
        async authorize(credentials, request) {
          const workspaceSlug = String(credentials.workspace ?? "");
          // Only a portal this host serves (on a custom domain: its own workspace), whichever way the form was posted.
          if (!(await servedOnThisHost(workspaceSlug, request.headers.get("host")))) throw new LearnerLoginError("invalid");
          const result = await authenticateLearner({
            workspaceSlug,
            email: String(credentials.email ?? ""),
            password: String(credentials.password ?? ""),
            request: requestInfoFrom(request.headers),
          });
          if (!result.ok) throw new LearnerLoginError(result.reason === "throttled" ? throttledCode(result.retryAt) : result.reason);
          const c = result.contact;
          return { id: c.id, email: c.email, name: `${c.firstName} ${c.lastName}`.trim(), sv: c.sessionVersion, ws: c.workspaceId };
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    external: {
      async check(_provider, profile) {
        const slug = await oidcWorkspace();
        const contact = await contactForOidc(slug, profile as OidcProfile);
        return contact ? true : slug ? `/p/${slug}/login?error=oidc` : "/";
      },
      async user(provider, profile) {
        const contact = await contactForOidc(await oidcWorkspace(), profile as OidcProfile);
        if (!contact) return null;
        const signedIn = await markSignedIn(contact, provider, requestInfoFrom(await headers()));
        return { id: signedIn.id, sv: signedIn.sessionVersion, ws: signedIn.workspaceId };
      },
    },
    async verify(claims) {
      if (!claims.ws) return false;
      const [row] = await db.select({ sv: contacts.sessionVersion, ws: contacts.workspaceId }).from(contacts).where(eq(contacts.id, claims.sub)).limit(1);
      return row?.sv === claims.sv && row.ws === claims.ws;
    },
  });
});
