import { notFound } from "next/navigation";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { cache } from "react";
import { db } from "@/db/client";
import { teamMembers, workspaceMembers, workspaces, type MemberRole, type Workspace } from "@/db/schema";
import { customHost } from "./custom-host";
import { requestHost } from "./domain-host";

/**
 * The portal's workspace lookup, by the slug in a `/p/{slug}` URL, for the host the request was
 * sent to (SPEC §2, issue 12 item 14). On Portico's own address (and IPs, localhost) a slug
 * names its workspace. On a custom domain only the workspace that owns that domain and has
 * verified it is served, by its slug or by the host itself (proxy.ts rewrites `/x` there to
 * `/p/{host}/x`; a slug never contains a dot); every other slug is unknown there, so another
 * workspace's portal, links and forms answer 404 on that domain.
 */
export async function portalWorkspace(slug: string, hostHeader: string | null): Promise<Workspace | undefined> {
  const key = slug.toLowerCase();
  const domain = customHost(hostHeader);
  if (!domain) {
    if (key.includes(".")) return undefined;
    const [row] = await db.select().from(workspaces).where(eq(workspaces.slug, key)).limit(1);
    return row;
  }
  if (key.includes(".") && key !== domain) return undefined;
  const [row] = await db
    .select()
    .from(workspaces)
    .where(and(eq(sql`lower(${workspaces.customDomain})`, domain), isNotNull(workspaces.customDomainVerifiedAt)))
    .limit(1);
  return row && (key === domain || row.slug === key) ? row : undefined;
}

/**
 * portalWorkspace for the current request's Host (pass `hostHeader` where the request is at
 * hand, e.g. a route handler's). Cached per request: the portal layout and page both look it up.
 */
export const getWorkspaceBySlug = cache(async (slug: string, hostHeader?: string | null): Promise<Workspace | undefined> =>
  portalWorkspace(slug, hostHeader === undefined ? await requestHost() : hostHeader),
);

/**
 * For portal route handlers that take a slug without loading the workspace (the redemption
 * POST): false when the request came to a custom domain that this slug's workspace does not
 * own and has not verified. No database work on Portico's own address.
 */
export async function servedOnThisHost(slug: string, hostHeader: string | null): Promise<boolean> {
  if (!customHost(hostHeader)) return true;
  return (await getWorkspaceBySlug(slug, hostHeader)) !== undefined;
}

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
