import { and, eq } from "drizzle-orm";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/db/client";
import { contacts, teamMembers, type Contact, type MemberRole, type TeamMember, type Workspace } from "@/db/schema";
import { getMembership, roleAtLeast, type WorkspaceMembership } from "@/lib/tenancy/workspaces";
import { auth as adminAuth } from "./admin-auth";
import { auth as learnerAuth } from "./learner-auth";

type RealmSession = { userId?: string; workspaceId?: string; preview?: { until: number; by?: string } } | null;

export async function currentAdmin(): Promise<TeamMember | null> {
  const session = (await adminAuth()) as RealmSession;
  if (!session?.userId) return null;
  const [member] = await db.select().from(teamMembers).where(eq(teamMembers.id, session.userId)).limit(1);
  return member ?? null;
}

export async function requireAdmin(): Promise<TeamMember> {
  const admin = await currentAdmin();
  if (!admin) redirect("/admin/login");
  return admin;
}

/**
 * The signed-in admin and their role in the workspace named by the URL. Someone without a
 * role there gets a 404, the same as for a workspace that does not exist.
 */
export async function requireWorkspaceAdmin(
  slug: string,
  needed: MemberRole = "member",
): Promise<{ admin: TeamMember } & WorkspaceMembership> {
  const admin = await requireAdmin();
  const membership = await getMembership(admin.id, slug);
  if (!membership) notFound();
  if (!roleAtLeast(membership.role, needed)) throw new Error(`This needs the ${needed} role.`);
  return { admin, ...membership };
}

/**
 * The learner signed in to this workspace's portal, or null (a session of another workspace
 * does not count). Cached per request: the layout and the page of one render share it.
 */
/** The portal realm's session, read once per request. */
const learnerSession = cache(async () => (await learnerAuth()) as RealmSession);

export const currentLearner = cache(async (workspace: Workspace): Promise<Contact | null> => {
  const session = await learnerSession();
  if (!session?.userId || session.workspaceId !== workspace.id) return null;
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspace.id), eq(contacts.id, session.userId)))
    .limit(1);
  return contact ?? null;
});

/** When the portal session is an admin's "Preview as learner": until when, and which admin. Cached per request. */
export const currentPreview = cache(async (workspace: Workspace): Promise<{ until: Date; adminId?: string } | null> => {
  const session = await learnerSession();
  if (!session?.preview || session.workspaceId !== workspace.id) return null;
  return { until: new Date(session.preview.until * 1000), adminId: session.preview.by };
});
