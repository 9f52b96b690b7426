/** Steps that change what the contact has: offers, groups, tags — through the same domain functions as the dashboard. */
import { and, eq } from "drizzle-orm";
import { groups, offers } from "@/db/schema";
import { grantOffer, revokeOffer } from "@/lib/access/grant-offer";
import { addMembers, removeMembers } from "@/lib/access/groups";
import { addTag, removeTag } from "@/lib/contacts/tags";
import { needContact, StepError, type DbStep } from "./types";

export const grantOfferStep: DbStep = {
  kind: "db",
  async runMany(tx, envs) {
    const s = envs[0]!;
    const [offer] = await tx.select().from(offers).where(and(eq(offers.workspaceId, s.workspace.id), eq(offers.id, String(s.config.offerId))));
    if (!offer) throw new StepError("The offer no longer exists. Choose another one in the workflow.");
    const r = await grantOffer(tx, s.ctx, { contactIds: envs.map((e) => needContact(e).id), offer, source: "workflow", welcome: s.config.sendWelcome === true });
    const granted = new Set(r.granted);
    return envs.map((e) => ({ offer: offer.title, granted: granted.has(e.contact!.id), note: granted.has(e.contact!.id) ? undefined : "The contact already had this offer." }));
  },
  async run(tx, s) {
    const contact = needContact(s);
    const [offer] = await tx.select().from(offers).where(and(eq(offers.workspaceId, s.workspace.id), eq(offers.id, String(s.config.offerId))));
    if (!offer) throw new StepError("The offer no longer exists. Choose another one in the workflow.");
    const r = await grantOffer(tx, s.ctx, { contactIds: [contact.id], offer, source: "workflow", welcome: s.config.sendWelcome === true });
    return { offer: offer.title, granted: r.granted.length > 0, note: r.granted.length ? undefined : "The contact already had this offer." };
  },
};

export const revokeOfferStep: DbStep = {
  kind: "db",
  async run(tx, s) {
    const contact = needContact(s);
    const [offer] = await tx.select({ id: offers.id, title: offers.title }).from(offers).where(and(eq(offers.workspaceId, s.workspace.id), eq(offers.id, String(s.config.offerId))));
    if (!offer) throw new StepError("The offer no longer exists. Choose another one in the workflow.");
    const r = await revokeOffer(tx, s.ctx, { contactId: contact.id, offerId: offer.id });
    return { offer: offer.title, revoked: r.revoked, note: r.revoked ? undefined : "The contact did not have this offer." };
  },
};

async function groupOf(tx: Parameters<DbStep["run"]>[0], workspaceId: string, id: string) {
  const [group] = await tx.select().from(groups).where(and(eq(groups.workspaceId, workspaceId), eq(groups.id, id)));
  if (!group) throw new StepError("The group no longer exists. Choose another one in the workflow.");
  return group;
}

export const addToGroupStep: DbStep = {
  kind: "db",
  async runMany(tx, envs) {
    const s = envs[0]!;
    const group = await groupOf(tx, s.workspace.id, String(s.config.groupId));
    const added = new Set(await addMembers(tx, s.ctx, group, envs.map((e) => needContact(e).id)));
    return envs.map((e) => ({ group: group.name, added: added.has(e.contact!.id), note: added.has(e.contact!.id) ? undefined : "The contact was already a member." }));
  },
  async run(tx, s) {
    const contact = needContact(s);
    const group = await groupOf(tx, s.workspace.id, String(s.config.groupId));
    const added = await addMembers(tx, s.ctx, group, [contact.id]);
    return { group: group.name, added: added.length > 0, note: added.length ? undefined : "The contact was already a member." };
  },
};

export const removeFromGroupStep: DbStep = {
  kind: "db",
  async run(tx, s) {
    const contact = needContact(s);
    const group = await groupOf(tx, s.workspace.id, String(s.config.groupId));
    const removed = await removeMembers(tx, s.ctx, group.id, [contact.id]);
    return { group: group.name, removed: removed.length > 0, note: removed.length ? undefined : "The contact was not a member." };
  },
};

export const addTagStep: DbStep = {
  kind: "db",
  async runMany(tx, envs) {
    const tag = String(envs[0]!.config.tag);
    const added = new Set(await addTag(tx, envs[0]!.workspace.id, envs.map((e) => needContact(e).id), tag));
    return envs.map((e) => ({ tag, added: added.has(e.contact!.id), note: added.has(e.contact!.id) ? undefined : "The contact already had this tag." }));
  },
  async run(tx, s) {
    const contact = needContact(s);
    const tag = String(s.config.tag);
    const added = await addTag(tx, s.workspace.id, [contact.id], tag);
    return { tag, added: added.length > 0, note: added.length ? undefined : "The contact already had this tag." };
  },
};

export const removeTagStep: DbStep = {
  kind: "db",
  async runMany(tx, envs) {
    const tag = String(envs[0]!.config.tag);
    const removed = new Set(await removeTag(tx, envs[0]!.workspace.id, envs.map((e) => needContact(e).id), tag));
    return envs.map((e) => ({ tag, removed: removed.has(e.contact!.id), note: removed.has(e.contact!.id) ? undefined : "The contact did not have this tag." }));
  },
  async run(tx, s) {
    const contact = needContact(s);
    const tag = String(s.config.tag);
    const removed = await removeTag(tx, s.workspace.id, [contact.id], tag);
    return { tag, removed: removed.length > 0, note: removed.length ? undefined : "The contact did not have this tag." };
  },
};
