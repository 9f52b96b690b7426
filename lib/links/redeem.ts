/**
 * Redeeming a sign-in link (magic link or login link): the POST behind "Continue".
 *
 * One statement does the whole happy path: it marks the token used only if it is live, of a
 * sign-in kind, of this workspace, for a contact with live access (portico_live_access), and
 * (for one-time links) unused; portico_record_sign_in writes what every sign-in writes. Row
 * locking on the token makes concurrent redemptions of a one-time link serialize, and the
 * re-checked `used_at is null` lets exactly one of them through (SPEC §3 rule 5), apart from
 * the same browser within REUSE_GRACE.
 * Only a failed redemption pays for a second query, to say why.
 */
import { and, eq, sql } from "drizzle-orm";
import { db, rowsOf } from "@/db/client";
import { authTokens, workspaces } from "@/db/schema";
import { hasLiveAccess } from "@/lib/access/live-access";
import type { RequestInfo } from "@/lib/context";
import { countRedemption, countSignIn } from "@/lib/metrics";
import { destinationPath } from "./destination";
import { REUSE_GRACE } from "./policy";
import { hashSecret, isWellFormedSecret } from "./secret";
import { deadReason, type LinkProblem } from "./state";

export type SignedInContact = { id: string; workspaceId: string; sessionVersion: string; email: string; firstName: string; lastName: string };

export type RedeemResult =
  | { ok: true; contact: SignedInContact; kind: string; next: string; hasPassword: boolean }
  | { ok: false; problem: LinkProblem };

type Row = {
  token_id: string;
  kind: string;
  destination: string | null;
  contact_id: string;
  workspace_id: string;
  session_version: string;
  email: string;
  first_name: string;
  last_name: string;
  has_password: boolean;
};

export async function redeemSignInLink(workspaceSlug: string, secret: string, request: RequestInfo): Promise<RedeemResult> {
  if (!isWellFormedSecret(secret)) return { ok: false, problem: "unknown" };
  const hash = hashSecret(secret);
  const ip = request.ip ?? null;
  const ua = request.userAgent?.slice(0, 512) ?? null;
  const [row] = await rowsOf<Row>(
    db,
    sql`
    with t as (
      update auth_tokens a
         set used_at = coalesce(a.used_at, now()), use_count = a.use_count + 1,
             used_ip = coalesce(a.used_ip, ${ip}), used_user_agent = coalesce(a.used_user_agent, ${ua})
        from contacts c, workspaces w
       where a.token_hash = ${hash}
         and w.slug = ${workspaceSlug}
         and a.workspace_id = w.id
         and c.id = a.contact_id and c.workspace_id = w.id
         and a.kind in ('login_link', 'learner_magic_link')
         and a.revoked_at is null
         and a.expires_at > now()
         and (a.kind = 'learner_magic_link' or a.used_at is null
              -- The same browser again within 60 s (its first answer was lost): see REUSE_GRACE.
              or (a.used_at > now() - ${REUSE_GRACE.seconds} * interval '1 second' and a.use_count < ${REUSE_GRACE.uses}
                  and a.used_ip = ${ip} and a.used_user_agent = ${ua}))
         and portico_live_access(w.id, c.id)
      returning a.id as token_id, a.kind::text as kind, a.use_count, a.destination, c.id as contact_id, c.workspace_id,
                c.email, c.first_name, c.last_name, c.password_hash is not null and not c.password_unproven as has_password
    ), s as (
      select portico_record_sign_in(contact_id, kind, kind || case when kind = 'login_link' and use_count > 1 then '.used_again' else '.used' end, token_id, ${ip}, ${ua}) as session_version from t
    )
    select token_id, kind, destination, contact_id, workspace_id, s.session_version, email, first_name, last_name, has_password from t, s`,
  );
  if (!row) return { ok: false, problem: countRedemption("unknown", await whyNot(workspaceSlug, hash)) };
  countRedemption(row.kind, "ok");
  countSignIn(row.kind);
  return {
    ok: true,
    kind: row.kind,
    hasPassword: row.has_password,
    next: destinationPath(workspaceSlug, row.destination),
    contact: {
      id: row.contact_id,
      workspaceId: row.workspace_id,
      sessionVersion: row.session_version,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
    },
  };
}

/** The slow path: why a redemption did not go through. */
async function whyNot(workspaceSlug: string, hash: string): Promise<LinkProblem> {
  const [row] = await db
    .select({ token: authTokens })
    .from(authTokens)
    .innerJoin(workspaces, eq(workspaces.id, authTokens.workspaceId))
    .where(and(eq(authTokens.tokenHash, hash), eq(workspaces.slug, workspaceSlug)))
    .limit(1);
  if (!row || !["login_link", "learner_magic_link"].includes(row.token.kind)) return "unknown";
  const dead = deadReason(row.token);
  if (dead) return dead;
  const live = await hasLiveAccess(db, row.token.workspaceId!, row.token.contactId!);
  return live ? "used" : "no_access";
}
