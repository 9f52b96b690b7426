import { eq } from "drizzle-orm";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/db/client";
import { contacts } from "@/db/schema";
import { requestInfoFrom } from "@/lib/request-info";
import { authenticateLearner } from "./learner-login";
import { realmConfig } from "./realm";

export const LEARNER_COOKIE = "portico.portal";

class LearnerLoginError extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() =>
  realmConfig({
    cookieName: LEARNER_COOKIE,
    basePath: "/api/auth/portal",
    providers: [
      Credentials({
        id: "learner-password",
        credentials: { workspace: {}, email: {}, password: {} },
        async authorize(credentials, request) {
          const result = await authenticateLearner({
            workspaceSlug: String(credentials.workspace ?? ""),
            email: String(credentials.email ?? ""),
            password: String(credentials.password ?? ""),
            request: requestInfoFrom(request.headers),
          });
          if (!result.ok) throw new LearnerLoginError(result.reason);
          const c = result.contact;
          return { id: c.id, email: c.email, name: `${c.firstName} ${c.lastName}`.trim(), sv: c.sessionVersion, ws: c.workspaceId };
        },
      }),
    ],
    async verify(claims) {
      if (!claims.ws) return false;
      const [row] = await db.select({ sv: contacts.sessionVersion, ws: contacts.workspaceId }).from(contacts).where(eq(contacts.id, claims.sub)).limit(1);
      return row?.sv === claims.sv && row.ws === claims.ws;
    },
  }),
);
