import { notFound } from "next/navigation";
import { and, asc, eq, sql } from "drizzle-orm";
import { cache } from "react";
import { db } from "@/db/client";
import { teamMembers, workspaceMembers, workspaces, type MemberRole, type Workspace } from "@/db/schema";

/** Cached per request (the portal layout and page both look the workspace up). */
export const getWorkspaceBySlug = cache(async (slug: string): Promise<Workspace | undefined> => {
  const key = slug.toLowerCase();
  // A slug never has a dot: a host name here comes from proxy.ts serving a custom domain's portal.
  const [row] = await db
    .select()
    .from(workspaces)
    .where(key.includes(".") ? eq(sql`lower(${workspaces.customDomain})`, key) : eq(workspaces.slug, key))
    .limit(1);
  return row;
});

export type WorkspaceMembership = { workspace: Workspace; role: MemberRole };

export async function listWorkspacesForMember(teamMemberId: string): Promise<WorkspaceMembership[]> {
  return db
    .select({ workspace: workspaces, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.teamMemberId, teamMemberId))
    .orderBy(asc(workspaces.name));
}

/** The member's role in the workspace with this slug, or undefined when they have none. */
export async function getMembership(teamMemberId: string, slug: string): Promise<WorkspaceMembership | undefined> {
  const [row] = await db
    .select({ workspace: workspaces, role: workspaceMembers.role })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(and(eq(workspaceMembers.teamMemberId, teamMemberId), eq(workspaces.slug, slug.toLowerCase())))
    .limit(1);
  return row;
}

const RANK: Record<MemberRole, number> = { member: 0, admin: 1, owner: 2 };
export const roleAtLeast = (role: MemberRole, needed: MemberRole) => RANK[role] >= RANK[needed];

/** True until the first team member exists: the app then offers /setup. */
export async function needsSetup(): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(teamMembers);
  return (row?.n ?? 0) === 0;
}

export class SlugTakenError extends Error {
  constructor() {
    super("That portal address is already taken; choose another.");
  }
}

/** A new workspace with its creator as owner (the agency flow). */
export async function createWorkspace(input: { name: string; slug: string; ownerId: string }): Promise<Workspace> {
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(workspaces).values({ name: input.name, slug: input.slug }).onConflictDoNothing().returning();
    if (!created) throw new SlugTakenError();
    await tx.insert(workspaceMembers).values({ workspaceId: created.id, teamMemberId: input.ownerId, role: "owner" });
    return created;
  });
}

/** For portal pages: the workspace named by the URL, or the 404 page. */
export async function portalWorkspaceOr404(slug: string): Promise<Workspace> {
  const workspace = await getWorkspaceBySlug(slug);
  if (!workspace) notFound();
  return workspace;
}
