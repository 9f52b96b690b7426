import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { authTokens, teamMembers, workspaceMembers, type MemberRole, type Workspace } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { verifyPassword } from "@/lib/auth/password";
import { inspectAdminResetLink, resetAdminPassword } from "@/lib/links/admin-reset";
import { latestEmail, makeWorkspace, request, secretOf } from "@/test/fixtures";
import { changeRole, inviteTeamMember, listTeam, removeTeamMember } from "./team";

let ws: Workspace;
let ownerId: string;
const as = (id: string, role: MemberRole): Ctx & { role: MemberRole } => ({ workspace: ws, actor: { type: "admin", id }, request, role });

beforeAll(async () => {
  ws = await makeWorkspace();
  const [owner] = await db.insert(teamMembers).values({ email: `owner-${ws.slug}@example.com`, name: "Olive Owner", passwordHash: "x" }).returning();
  ownerId = owner!.id;
  await db.insert(workspaceMembers).values({ workspaceId: ws.id, teamMemberId: ownerId, role: "owner" });
});

describe("team members and roles (SPEC §6)", () => {
  it("an invited member chooses their own password from the emailed link (one use), then can sign in", async () => {
    const r = await inviteTeamMember(as(ownerId, "owner"), { email: "Mia.Member@Example.com", name: "Mia", role: "member" });
    expect(r).toMatchObject({ ok: true });
    const [mia] = await db.select().from(teamMembers).where(eq(teamMembers.email, "mia.member@example.com"));
    expect(mia!.passwordHash).toBeNull();
    const mail = await latestEmail("mia.member@example.com");
    expect(mail?.subject).toBe(`You've been added to ${ws.name} on Portico`);
    const secret = secretOf(mail!.links[0]!);
    const [token] = await db.select().from(authTokens).where(eq(authTokens.teamMemberId, mia!.id));
    expect([token!.kind, token!.tokenHash === secret]).toEqual(["admin_invite", false]);
    expect(await inspectAdminResetLink(secret)).toEqual({ dead: null, email: "mia.member@example.com", invite: true });
    expect(await resetAdminPassword(secret, "quiet harbor lamps 42", request)).toMatchObject({ ok: true });
    expect(await resetAdminPassword(secret, "quiet harbor lamps 43", request)).toMatchObject({ ok: false, dead: "used" });
    const [after] = await db.select().from(teamMembers).where(eq(teamMembers.id, mia!.id));
    expect(await verifyPassword("quiet harbor lamps 42", after!.passwordHash)).toBe(true);
    expect(await inviteTeamMember(as(ownerId, "owner"), { email: "mia.member@example.com", name: "Mia", role: "admin" })).toEqual({ ok: false, error: "mia.member@example.com is already on this workspace's team." });
  });

  it("someone with an account elsewhere is added and told to sign in; no password link is issued", async () => {
    const elsewhere = await makeWorkspace();
    const [sam] = await db.insert(teamMembers).values({ email: `sam-${elsewhere.slug}@example.com`, name: "Sam", passwordHash: "hash" }).returning();
    await db.insert(workspaceMembers).values({ workspaceId: elsewhere.id, teamMemberId: sam!.id, role: "owner" });
    expect(await inviteTeamMember(as(ownerId, "owner"), { email: sam!.email, name: "Sam", role: "admin" })).toMatchObject({ ok: true });
    expect(await db.select().from(authTokens).where(eq(authTokens.teamMemberId, sam!.id))).toEqual([]);
    expect((await latestEmail(sam!.email))?.links[0]).toMatch(/\/admin\/login$/);
  });

  it("roles are enforced: members cannot manage the team, admins cannot touch owners, the last owner stays", async () => {
    const team = await listTeam(ws.id);
    const mia = team.find((m) => m.name === "Mia")!;
    const sam = team.find((m) => m.name === "Sam")!;
    expect(await inviteTeamMember(as(mia.id, "member"), { email: "x@example.com", name: "X", role: "member" })).toMatchObject({ ok: false });
    expect(await removeTeamMember(as(mia.id, "member"), sam.id)).toMatchObject({ ok: false });
    expect(await inviteTeamMember(as(sam.id, "admin"), { email: "boss@example.com", name: "Boss", role: "owner" })).toEqual({ ok: false, error: "Only an owner can add another owner." });
    expect(await changeRole(as(sam.id, "admin"), { memberId: ownerId, role: "member" })).toMatchObject({ ok: false });
    expect(await removeTeamMember(as(sam.id, "admin"), ownerId)).toEqual({ ok: false, error: "Only an owner can remove an owner." });
    expect(await removeTeamMember(as(ownerId, "owner"), ownerId)).toEqual({ ok: false, error: "The last owner cannot be removed: make someone else owner first." });
    expect(await changeRole(as(ownerId, "owner"), { memberId: ownerId, role: "admin" })).toMatchObject({ ok: false });
    expect(await changeRole(as(sam.id, "admin"), { memberId: mia.id, role: "admin" })).toMatchObject({ ok: true });
    // Two owners removing each other at the same time: exactly one succeeds, one owner remains.
    expect(await changeRole(as(ownerId, "owner"), { memberId: sam.id, role: "owner" })).toMatchObject({ ok: true });
    const both = await Promise.all([removeTeamMember(as(ownerId, "owner"), sam.id), removeTeamMember(as(sam.id, "owner"), ownerId)]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    const owners = await db.select().from(workspaceMembers).where(and(eq(workspaceMembers.workspaceId, ws.id), eq(workspaceMembers.role, "owner")));
    expect(owners).toHaveLength(1);
  });

  it("another workspace's member ids change nothing here", async () => {
    const other = await makeWorkspace();
    const [stranger] = await db.insert(teamMembers).values({ email: `s-${other.slug}@example.com`, name: "Stranger" }).returning();
    await db.insert(workspaceMembers).values({ workspaceId: other.id, teamMemberId: stranger!.id, role: "owner" });
    const owner = (await listTeam(ws.id)).find((m) => m.role === "owner")!;
    expect(await removeTeamMember(as(owner.id, "owner"), stranger!.id)).toEqual({ ok: false, error: "No such team member." });
    expect(await changeRole(as(owner.id, "owner"), { memberId: stranger!.id, role: "member" })).toEqual({ ok: false, error: "No such team member." });
    expect((await db.select().from(workspaceMembers).where(eq(workspaceMembers.teamMemberId, stranger!.id)))[0]!.role).toBe("owner");
  });
});
