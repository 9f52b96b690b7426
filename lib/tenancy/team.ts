/**
 * Team members and roles (SPEC §2, §6). Admins invite by email; a new person gets a link to
 * choose their own password (the admin realm's `admin_invite` link, one use, 7 days), someone
 * who already has a Portico account is added and told by email. Roles: owner > admin > member.
 * Only an owner gives or takes the owner role; a workspace always keeps at least one owner.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { createElement } from "react";
import { z } from "zod";
import { db, type Tx } from "@/db/client";
import { teamMembers, workspaceMembers, type MemberRole } from "@/db/schema";
import TeamInvite, { teamInviteSubject } from "@/emails/team-invite";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { appUrl } from "@/lib/env";
import { issueAdminToken } from "@/lib/links/admin-tokens";
import { formatExpiry } from "@/lib/mail/format";
import { queueEmail, wakeOutbox } from "@/lib/mail/outbox";
import { isUuid } from "@/lib/utils";
import { roleAtLeast } from "./workspaces";

export const ROLES: { value: MemberRole; label: string; description: string }[] = [
  { value: "owner", label: "Owner", description: "Everything, including the team and other owners." },
  { value: "admin", label: "Admin", description: "Manage contacts, offers, content, emails and settings." },
  { value: "member", label: "Member", description: "View everything; send links and emails. Cannot grant offers, change passwords, edit content or settings." },
];

export async function listTeam(workspaceId: string) {
  return db
    .select({ id: teamMembers.id, email: teamMembers.email, name: teamMembers.name, role: workspaceMembers.role, hasPassword: sql<boolean>`${teamMembers.passwordHash} is not null`, lastLoginAt: teamMembers.lastLoginAt, addedAt: workspaceMembers.createdAt })
    .from(workspaceMembers)
    .innerJoin(teamMembers, eq(teamMembers.id, workspaceMembers.teamMemberId))
    .where(eq(workspaceMembers.workspaceId, workspaceId))
    .orderBy(asc(teamMembers.name));
}

export const teamInviteSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  name: z.string().trim().min(1, "Enter their name.").max(100),
  role: z.enum(["owner", "admin", "member"], { message: "Choose a role." }),
});

type Outcome = { ok: true; message: string } | { ok: false; error: string };

/** Only an owner may hand out (or take away) the owner role. */
function mayAssign(ctx: Ctx & { role: MemberRole }, role: MemberRole) {
  return role !== "owner" || ctx.role === "owner";
}

export async function inviteTeamMember(ctx: Ctx & { role: MemberRole }, raw: z.input<typeof teamInviteSchema>): Promise<Outcome> {
  const { workspace } = ctx;
  const parsed = teamInviteSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]!.message };
  const input = parsed.data;
  if (!roleAtLeast(ctx.role, "admin")) return { ok: false, error: "Only an admin or owner can invite team members." };
  if (!mayAssign(ctx, input.role)) return { ok: false, error: "Only an owner can add another owner." };
  const inviter = ctx.actor.type === "admin" ? (await db.select({ name: teamMembers.name }).from(teamMembers).where(eq(teamMembers.id, ctx.actor.id)))[0]?.name : undefined;
  const result = await db.transaction(async (tx): Promise<Outcome> => {
    await tx.insert(teamMembers).values({ email: input.email, name: input.name }).onConflictDoNothing();
    const [member] = await tx.select().from(teamMembers).where(eq(sql`lower(${teamMembers.email})`, input.email)).for("update");
    const added = await tx.insert(workspaceMembers).values({ workspaceId: workspace.id, teamMemberId: member!.id, role: input.role }).onConflictDoNothing().returning();
    if (!added.length) return { ok: false, error: `${member!.email} is already on this workspace's team.` };
    let url = `${appUrl}/admin/login`;
    let expiresText: string | undefined;
    let authTokenId: string | undefined;
    if (!member!.passwordHash) {
      const issued = await issueAdminToken(tx, { kind: "admin_invite", teamMemberId: member!.id, via: "team_invite", actor: ctx.actor, request: ctx.request });
      const token = issued.token;
      const expiresAt = token.expiresAt;
      url = issued.url;
      expiresText = formatExpiry(expiresAt);
      authTokenId = token!.id;
    }
    await queueEmail(tx, {
      teamMemberId: member!.id,
      authTokenId,
      template: "team_invite",
      to: member!.email,
      subject: teamInviteSubject(workspace.name),
      element: createElement(TeamInvite, { brand: { name: "Portico" }, name: member!.name, inviter: inviter ?? "A colleague", workspace: workspace.name, role: input.role, url, expiresText }),
      links: [url],
    });
    await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "team.member_invited", teamMemberId: member!.id, authTokenId, data: { role: input.role, email: member!.email } });
    return { ok: true, message: `Invited ${member!.email} as ${input.role}.${member!.passwordHash ? " They already have a Portico account: they can sign in now." : " They will choose a password from the email."}` };
  });
  if (result.ok) await wakeOutbox();
  return result;
}

/** The workspace's members, locked, so that two concurrent changes cannot both remove "the other" owner. */
async function lockTeam(tx: Tx, workspaceId: string) {
  return tx.select().from(workspaceMembers).where(eq(workspaceMembers.workspaceId, workspaceId)).for("update");
}

export async function changeRole(ctx: Ctx & { role: MemberRole }, input: { memberId: string; role: MemberRole }): Promise<Outcome> {
  const { workspace } = ctx;
  if (!roleAtLeast(ctx.role, "admin")) return { ok: false, error: "Only an admin or owner can change roles." };
  if (!isUuid(input.memberId)) return { ok: false, error: "No such team member." };
  return db.transaction(async (tx): Promise<Outcome> => {
    const team = await lockTeam(tx, workspace.id);
    const target = team.find((m) => m.teamMemberId === input.memberId);
    if (!target) return { ok: false, error: "No such team member." };
    if (!mayAssign(ctx, input.role) || !mayAssign(ctx, target.role)) return { ok: false, error: "Only an owner can give or take the owner role." };
    if (target.role === "owner" && input.role !== "owner" && team.filter((m) => m.role === "owner").length === 1) {
      return { ok: false, error: "A workspace needs at least one owner: make someone else owner first." };
    }
    await tx.update(workspaceMembers).set({ role: input.role }).where(and(eq(workspaceMembers.workspaceId, workspace.id), eq(workspaceMembers.teamMemberId, input.memberId)));
    await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "team.role_changed", teamMemberId: input.memberId, data: { from: target.role, to: input.role } });
    return { ok: true, message: `Role changed to ${input.role}.` };
  });
}

export async function removeTeamMember(ctx: Ctx & { role: MemberRole }, memberId: string): Promise<Outcome> {
  const { workspace } = ctx;
  if (!roleAtLeast(ctx.role, "admin")) return { ok: false, error: "Only an admin or owner can remove team members." };
  if (!isUuid(memberId)) return { ok: false, error: "No such team member." };
  return db.transaction(async (tx): Promise<Outcome> => {
    const team = await lockTeam(tx, workspace.id);
    const target = team.find((m) => m.teamMemberId === memberId);
    if (!target) return { ok: false, error: "No such team member." };
    if (target.role === "owner" && ctx.role !== "owner") return { ok: false, error: "Only an owner can remove an owner." };
    if (target.role === "owner" && team.filter((m) => m.role === "owner").length === 1) {
      return { ok: false, error: "The last owner cannot be removed: make someone else owner first." };
    }
    await tx.delete(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, workspace.id), eq(workspaceMembers.teamMemberId, memberId)));
    await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "team.member_removed", teamMemberId: memberId, data: { role: target.role } });
    return { ok: true, message: "Removed from the team." };
  });
}
