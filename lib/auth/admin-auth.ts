import { eq } from "drizzle-orm";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/db/client";
import { teamMembers } from "@/db/schema";
import { requestInfoFrom } from "@/lib/request-info";
import { authenticateAdmin } from "./admin-login";
import { throttledCode } from "./rate-limit";
import { realmConfig } from "./realm";

export const ADMIN_COOKIE = "portico.admin";

class AdminLoginError extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() =>
  realmConfig({
    cookieName: ADMIN_COOKIE,
    basePath: "/api/auth/admin",
    providers: [
      Credentials({
        id: "admin-password",
        credentials: { email: {}, password: {} },
        async authorize(credentials, request) {
          const result = await authenticateAdmin({ email: String(credentials.email ?? ""), password: String(credentials.password ?? ""), request: requestInfoFrom(request.headers) });
          if (!result.ok) throw new AdminLoginError(result.reason === "throttled" ? throttledCode(result.retryAt) : "invalid");
          const { member } = result;
          return { id: member.id, email: member.email, name: member.name, sv: member.sessionVersion };
        },
      }),
    ],
    async verify(claims) {
      const [row] = await db.select({ sv: teamMembers.sessionVersion }).from(teamMembers).where(eq(teamMembers.id, claims.sub)).limit(1);
      return row?.sv === claims.sv;
    },
  }),
);
