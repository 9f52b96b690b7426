import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt } from "./common";
import { contacts } from "./contacts";
import { teamMembers, workspaces } from "./tenancy";

const workspaceId = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

/** A course. */
export const products = pgTable(
  "products",
  {
    id: id(),
    workspaceId: workspaceId(),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    description: text("description").notNull().default(""),
    coverUrl: text("cover_url"),
    published: boolean("published").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("products_workspace_slug_key").on(t.workspaceId, t.slug)],
);

export const categories = pgTable(
  "categories",
  {
    id: id(),
    workspaceId: workspaceId(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    position: integer("position").notNull(),
    /** Drip: opens this many days after the learner's grant, or on this date (the date wins); both null: open at once. */
    dripDays: integer("drip_days"),
    dripDate: tstz("drip_date"),
    createdAt: createdAt(),
  },
  (t) => [index("categories_product_idx").on(t.productId, t.position)],
);

export const lessons = pgTable(
  "lessons",
  {
    id: id(),
    workspaceId: workspaceId(),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** Markdown. */
    body: text("body").notNull().default(""),
    videoUrl: text("video_url"),
    position: integer("position").notNull(),
    /** Drip, as on categories; a lesson opens when both it and its category are open. */
    dripDays: integer("drip_days"),
    dripDate: tstz("drip_date"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("lessons_category_idx").on(t.categoryId, t.position)],
);

export const offerStatus = pgEnum("offer_status", ["draft", "published"]);

export const offers = pgTable(
  "offers",
  {
    id: id(),
    workspaceId: workspaceId(),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    description: text("description").notNull().default(""),
    /** Display price in minor units; 0 = free. */
    priceCents: integer("price_cents").notNull().default(0),
    currency: text("currency").notNull().default("USD"),
    status: offerStatus("status").notNull().default("draft"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("offers_workspace_slug_key").on(t.workspaceId, t.slug)],
);

export const offerProducts = pgTable(
  "offer_products",
  {
    workspaceId: workspaceId(),
    offerId: uuid("offer_id")
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.productId] }), index("offer_products_product_idx").on(t.productId)],
);

export const grantSource = pgEnum("grant_source", ["checkout", "admin", "workflow", "api", "import"]);

/** Enrollment: a contact's access to an offer. At most one active grant per contact and offer. */
export const offerGrants = pgTable(
  "offer_grants",
  {
    id: id(),
    workspaceId: workspaceId(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    offerId: uuid("offer_id")
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    source: grantSource("source").notNull(),
    grantedByTeamMemberId: uuid("granted_by_team_member_id").references(() => teamMembers.id, { onDelete: "set null" }),
    /** Free-form description of who granted it when not a team member (API key id, workflow id). */
    grantedBy: text("granted_by"),
    grantedAt: tstz("granted_at").notNull().defaultNow(),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [
    uniqueIndex("offer_grants_active_key").on(t.contactId, t.offerId).where(sql`${t.revokedAt} is null`),
    index("offer_grants_contact_idx").on(t.workspaceId, t.contactId),
    index("offer_grants_offer_idx").on(t.offerId),
  ],
);

export const lessonProgress = pgTable(
  "lesson_progress",
  {
    workspaceId: workspaceId(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    startedAt: tstz("started_at").notNull().defaultNow(),
    completedAt: tstz("completed_at"),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.lessonId] })],
);

/** The first time a contact reached a drip lesson unlocked: one row per contact × lesson (the key keeps lesson_unlocked events to one). */
export const lessonUnlocks = pgTable(
  "lesson_unlocks",
  {
    workspaceId: workspaceId(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    unlockedAt: tstz("unlocked_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.lessonId] })],
);

export type Product = typeof products.$inferSelect;
export type Category = typeof categories.$inferSelect;
export type Lesson = typeof lessons.$inferSelect;
export type Offer = typeof offers.$inferSelect;
export type OfferGrant = typeof offerGrants.$inferSelect;
export type GrantSource = (typeof grantSource.enumValues)[number];
