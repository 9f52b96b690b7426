import { index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt } from "./common";
import { contacts } from "./contacts";
import { workspaces } from "./tenancy";

const workspaceId = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

export const groups = pgTable(
  "groups",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("groups_workspace_slug_key").on(t.workspaceId, t.slug)],
);

export const groupMemberships = pgTable(
  "group_memberships",
  {
    workspaceId: workspaceId(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    joinedAt: tstz("joined_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.contactId] }), index("group_memberships_contact_idx").on(t.workspaceId, t.contactId)],
);

export const posts = pgTable(
  "posts",
  {
    id: id(),
    workspaceId: workspaceId(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    authorContactId: uuid("author_contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    title: text("title").notNull().default(""),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("posts_group_created_idx").on(t.groupId, t.createdAt)],
);

export const comments = pgTable(
  "comments",
  {
    id: id(),
    workspaceId: workspaceId(),
    postId: uuid("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    authorContactId: uuid("author_contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("comments_post_created_idx").on(t.postId, t.createdAt)],
);

export const affiliates = pgTable(
  "affiliates",
  {
    id: id(),
    workspaceId: workspaceId(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("affiliates_workspace_code_key").on(t.workspaceId, t.code),
    uniqueIndex("affiliates_contact_key").on(t.contactId),
  ],
);

export const referrals = pgTable(
  "referrals",
  {
    id: id(),
    workspaceId: workspaceId(),
    affiliateId: uuid("affiliate_id")
      .notNull()
      .references(() => affiliates.id, { onDelete: "cascade" }),
    referredContactId: uuid("referred_contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    offerId: uuid("offer_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("referrals_referred_key").on(t.referredContactId),
    index("referrals_affiliate_idx").on(t.affiliateId),
  ],
);

export type Group = typeof groups.$inferSelect;
export type Post = typeof posts.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type Affiliate = typeof affiliates.$inferSelect;
