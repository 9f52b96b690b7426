/** Offers: what a contact is granted; each bundles products (SPEC §2). */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { offerProducts, offers, products, type Offer } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx, SaveResult } from "@/lib/context";
import { many } from "@/lib/form-values";
import { slugSchema } from "@/lib/slug";
import { isUuid } from "@/lib/utils";

export async function getOffer(workspaceId: string, offerId: string): Promise<Offer | undefined> {
  if (!isUuid(offerId)) return undefined;
  const [offer] = await db.select().from(offers).where(and(eq(offers.workspaceId, workspaceId), eq(offers.id, offerId))).limit(1);
  return offer;
}

export async function getOfferBySlug(workspaceId: string, slug: string): Promise<Offer | undefined> {
  const [offer] = await db.select().from(offers).where(and(eq(offers.workspaceId, workspaceId), eq(offers.slug, slug.toLowerCase()))).limit(1);
  return offer;
}

export async function listOffers(workspaceId: string) {
  return db
    .select({
      offer: offers,
      // Correlated subqueries name the outer row in full: Drizzle leaves a one-table select's columns unqualified.
      productCount: sql<number>`(select count(*)::int from offer_products op where op.offer_id = "offers"."id")`,
      activeGrants: sql<number>`(select count(*)::int from offer_grants g where g.offer_id = "offers"."id" and g.revoked_at is null)`,
    })
    .from(offers)
    .where(eq(offers.workspaceId, workspaceId))
    .orderBy(asc(offers.title));
}

export async function offerProductIds(workspaceId: string, offerId: string): Promise<string[]> {
  const rows = await db.select({ id: offerProducts.productId }).from(offerProducts).where(and(eq(offerProducts.workspaceId, workspaceId), eq(offerProducts.offerId, offerId)));
  return rows.map((r) => r.id);
}

/** "12.50" → 1250; empty → 0 (free). */
const priceSchema = z
  .string()
  .trim()
  .regex(/^(\d{1,7})([.,]\d{1,2})?$|^$/, "Enter a price like 49 or 49.90 (leave empty for free).")
  .transform((v) => (v ? Math.round(Number(v.replace(",", ".")) * 100) : 0));

export const offerSchema = z.object({
  title: z.string().trim().min(1, "Give the offer a title.").max(200),
  slug: slugSchema,
  description: z.string().trim().max(5000).default(""),
  price: priceSchema,
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a 3-letter currency code (USD, EUR…).").default("USD"),
  status: z.enum(["draft", "published"]),
  productIds: many(z.uuid()),
});
export type OfferInput = z.infer<typeof offerSchema>;

/** Creates or updates an offer and its product list; the slug is unique per workspace. */
export async function saveOffer(ctx: Ctx, input: OfferInput & { id?: string }): Promise<SaveResult> {
  const { workspace } = ctx;
  return db.transaction(async (tx): Promise<SaveResult> => {
    const [clash] = await tx.select({ id: offers.id }).from(offers).where(and(eq(offers.workspaceId, workspace.id), eq(offers.slug, input.slug))).limit(1);
    if (clash && clash.id !== input.id) return { ok: false as const, fieldErrors: { slug: "Another offer uses this address." } };
    const known = input.productIds.length
      ? await tx.select({ id: products.id }).from(products).where(and(eq(products.workspaceId, workspace.id), inArray(products.id, input.productIds)))
      : [];
    const values = { title: input.title, slug: input.slug, description: input.description, priceCents: input.price, currency: input.currency, status: input.status };
    const [offer] = input.id
      ? await tx.update(offers).set({ ...values, updatedAt: new Date() }).where(and(eq(offers.workspaceId, workspace.id), eq(offers.id, input.id))).returning()
      : await tx.insert(offers).values({ workspaceId: workspace.id, ...values }).returning();
    if (!offer) return { ok: false as const, fieldErrors: { title: "That offer no longer exists." } };
    await tx.delete(offerProducts).where(and(eq(offerProducts.workspaceId, workspace.id), eq(offerProducts.offerId, offer.id)));
    if (known.length) await tx.insert(offerProducts).values(known.map((p) => ({ workspaceId: workspace.id, offerId: offer.id, productId: p.id })));
    await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: input.id ? "offer.updated" : "offer.created", data: { offerId: offer.id, title: offer.title } });
    return { ok: true as const, id: offer.id };
  });
}

export function formatPrice(offer: Pick<Offer, "priceCents" | "currency">): string {
  if (offer.priceCents === 0) return "Free";
  return new Intl.NumberFormat("en-US", { style: "currency", currency: offer.currency }).format(offer.priceCents / 100);
}
