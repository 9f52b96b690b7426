/** Community groups and membership (separate from offers: SPEC §2). */
import { endSessionsWithoutAccess } from "./live-access";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db/client";
import { contacts, groupMemberships, groups, type Group } from "@/db/schema";
import { recordEvents } from "@/lib/access/events";
import { recordAudit, recordAudits } from "@/lib/audit/record";
import { findContactByEmail } from "@/lib/contacts/record";
import type { Ctx, SaveResult } from "@/lib/context";
import { slugSchema } from "@/lib/slug";
import { isUuid } from "@/lib/utils";

/** The community groups a contact belongs to, by name. */
export async function listGroupsForContact(workspaceId: string, contactId: string) {
  return db
    .select({ id: groups.id, name: groups.name, slug: groups.slug, description: groups.description })
    .from(groupMemberships)
    .innerJoin(groups, and(eq(groups.id, groupMemberships.groupId), eq(groups.workspaceId, workspaceId)))
    .where(and(eq(groupMemberships.workspaceId, workspaceId), eq(groupMemberships.contactId, contactId)))
    .orderBy(asc(groups.name));
}

export async function listGroups(workspaceId: string) {
  return db
    .select({ group: groups, members: sql<number>`(select count(*)::int from group_memberships m where m.group_id = "groups"."id")` })
    .from(groups)
    .where(eq(groups.workspaceId, workspaceId))
    .orderBy(asc(groups.name));
}

export async function getGroup(workspaceId: string, groupId: string): Promise<Group | undefined> {
  if (!isUuid(groupId)) return undefined;
  return (await db.select().from(groups).where(and(eq(groups.workspaceId, workspaceId), eq(groups.id, groupId))).limit(1))[0];
}

export async function getGroupBySlug(workspaceId: string, slug: string): Promise<Group | undefined> {
  return (await db.select().from(groups).where(and(eq(groups.workspaceId, workspaceId), eq(groups.slug, slug.toLowerCase()))).limit(1))[0];
}

export async function isMember(workspaceId: string, groupId: string, contactId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql`1` })
    .from(groupMemberships)
    .where(and(eq(groupMemberships.workspaceId, workspaceId), eq(groupMemberships.groupId, groupId), eq(groupMemberships.contactId, contactId)))
    .limit(1);
  return !!row;
}

export async function listMembers(workspaceId: string, groupId: string) {
  return db
    .select({ id: contacts.id, email: contacts.email, firstName: contacts.firstName, lastName: contacts.lastName, joinedAt: groupMemberships.joinedAt })
    .from(groupMemberships)
    .innerJoin(contacts, eq(contacts.id, groupMemberships.contactId))
    .where(and(eq(groupMemberships.workspaceId, workspaceId), eq(groupMemberships.groupId, groupId)))
    .orderBy(asc(contacts.email));
}

export const groupSchema = z.object({
  name: z.string().trim().min(1, "Give the group a name.").max(200),
  slug: slugSchema,
  description: z.string().trim().max(5000).default(""),
});

export async function saveGroup(ctx: Ctx, input: z.infer<typeof groupSchema> & { id?: string }): Promise<SaveResult> {
  const { workspace } = ctx;
  return db.transaction(async (tx): Promise<SaveResult> => {
    const [clash] = await tx.select({ id: groups.id }).from(groups).where(and(eq(groups.workspaceId, workspace.id), eq(groups.slug, input.slug))).limit(1);
    if (clash && clash.id !== input.id) return { ok: false, fieldErrors: { slug: "Another group uses this address." } };
    const values = { name: input.name, slug: input.slug, description: input.description };
    const [group] = input.id
      ? await tx.update(groups).set({ ...values, updatedAt: new Date() }).where(and(eq(groups.workspaceId, workspace.id), eq(groups.id, input.id))).returning()
      : await tx.insert(groups).values({ workspaceId: workspace.id, ...values }).returning();
    if (!group) return { ok: false, fieldErrors: { name: "That group no longer exists." } };
    await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: input.id ? "group.updated" : "group.created", data: { groupId: group.id } });
    return { ok: true, id: group.id };
  });
}

type Outcome = { ok: true; message: string } | { ok: false; error: string };

/** Adds a contact (by id, or by email from the group page) to a group of the same workspace. */
export async function addToGroup(ctx: Ctx, input: { groupId: string; contactId?: string; email?: string }): Promise<Outcome> {
  const { workspace } = ctx;
  const group = await getGroup(workspace.id, input.groupId);
  if (!group) return { ok: false, error: "That group does not exist in this workspace." };
  const contact = input.email
    ? await findContactByEmail({ workspaceId: workspace.id }, input.email)
    : input.contactId && isUuid(input.contactId)
      ? (await db.select().from(contacts).where(and(eq(contacts.workspaceId, workspace.id), eq(contacts.id, input.contactId))).limit(1))[0]
      : undefined;
  if (!contact) return { ok: false, error: "No contact with that email in this workspace. Add or import the contact first." };
  const added = await db.transaction((tx) => addMembers(tx, ctx, group, [contact.id]));
  return { ok: true, message: added.length ? `${contact.email} added to ${group.name}.` : `${contact.email} is already in ${group.name}.` };
}

/** Adds the workspace's contacts among `contactIds` to the group in the caller's transaction; returns who was newly added (each gets a group_joined event). */
export async function addMembers(tx: Tx, ctx: Ctx, group: Group, contactIds: string[]): Promise<string[]> {
  const { workspace } = ctx;
  if (group.workspaceId !== workspace.id) throw new Error("addMembers: group of another workspace");
  const ids = [...new Set(contactIds)].filter(isUuid);
  if (!ids.length) return [];
  const own = await tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, workspace.id), inArray(contacts.id, ids)));
  if (!own.length) return [];
  const rows = await tx
    .insert(groupMemberships)
    .values(own.map((c) => ({ workspaceId: workspace.id, groupId: group.id, contactId: c.id })))
    .onConflictDoNothing()
    .returning({ contactId: groupMemberships.contactId });
  await recordAudits(
    tx,
    rows.map((r) => ({ workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "group.member_added", contactId: r.contactId, data: { groupId: group.id, group: group.name } })),
  );
  await recordEvents(tx, workspace.id, rows.map((r) => ({ type: "group_joined", contactId: r.contactId, data: { groupId: group.id } })));
  return rows.map((r) => r.contactId);
}

export async function removeFromGroup(ctx: Ctx, input: { groupId: string; contactId: string }): Promise<Outcome> {
  if (!isUuid(input.groupId) || !isUuid(input.contactId)) return { ok: false, error: "Not a member." };
  const removed = await db.transaction((tx) => removeMembers(tx, ctx, input.groupId, [input.contactId]));
  return removed.length ? { ok: true, message: "Removed from the group." } : { ok: false, error: "Not a member." };
}

/** Ends the memberships of `contactIds` in the workspace's group, in the caller's transaction; returns who left (each gets a group_left event). */
export async function removeMembers(tx: Tx, ctx: Ctx, groupId: string, contactIds: string[]): Promise<string[]> {
  const { workspace } = ctx;
  const ids = [...new Set(contactIds)].filter(isUuid);
  if (!isUuid(groupId) || !ids.length) return [];
  const rows = await tx
    .delete(groupMemberships)
    .where(and(eq(groupMemberships.workspaceId, workspace.id), eq(groupMemberships.groupId, groupId), inArray(groupMemberships.contactId, ids)))
    .returning({ contactId: groupMemberships.contactId });
  const left = rows.map((r) => r.contactId);
  if (!left.length) return [];
  await recordAudits(tx, left.map((contactId) => ({ workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "group.member_removed", contactId, data: { groupId } })));
  await recordEvents(tx, workspace.id, left.map((contactId) => ({ type: "group_left", contactId, data: { groupId } })));
  await endSessionsWithoutAccess(tx, workspace.id, left);
  return left;
}
