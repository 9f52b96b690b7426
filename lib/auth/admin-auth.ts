import { eq, sql } from "drizzle-orm";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/db/client";
import { teamMembers } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { requestInfoFrom } from "@/lib/request-info";
import { verifyPassword } from "./password";
import { realmConfig } from "./realm";

export const ADMIN_COOKIE = "portico.admin";

class InvalidLogin extends CredentialsSignin {
  code = "invalid";
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
          const email = String(credentials.email ?? "").trim().toLowerCase();
          const password = String(credentials.password ?? "");
          const [member] = await db.select().from(teamMembers).where(eq(sql`lower(${teamMembers.email})`, email)).limit(1);
          const ok = await verifyPassword(password, member?.passwordHash);
          if (!member || !ok) throw new InvalidLogin();
          await db.transaction(async (tx) => {
            await tx.update(teamMembers).set({ lastLoginAt: new Date() }).where(eq(teamMembers.id, member.id));
            await recordAudit(tx, { actor: { type: "admin", id: member.id }, action: "admin.login", teamMemberId: member.id, request: requestInfoFrom(request.headers) });
          });
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
