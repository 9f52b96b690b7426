import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { categories, lessonProgress, lessons, offerGrants, offerProducts, products } from "@/db/schema";

export type PortalProduct = {
  id: string;
  title: string;
  slug: string;
  description: string;
  coverUrl: string | null;
  lessonCount: number;
  completedCount: number;
};

/** The published products a contact can open: those of their active grants' offers, with progress. */
export async function listProductsForContact(workspaceId: string, contactId: string): Promise<PortalProduct[]> {
  const reachable = db
    .selectDistinct({ productId: offerProducts.productId })
    .from(offerGrants)
    .innerJoin(offerProducts, eq(offerProducts.offerId, offerGrants.offerId))
    .where(and(eq(offerGrants.workspaceId, workspaceId), eq(offerGrants.contactId, contactId), isNull(offerGrants.revokedAt)))
    .as("reachable");
  return db
    .select({
      id: products.id,
      title: products.title,
      slug: products.slug,
      description: products.description,
      coverUrl: products.coverUrl,
      lessonCount: sql<number>`(select count(*)::int from ${lessons} join ${categories} on ${categories.id} = ${lessons.categoryId} where ${categories.productId} = ${products.id})`,
      completedCount: sql<number>`(select count(*)::int from ${lessonProgress} join ${lessons} on ${lessons.id} = ${lessonProgress.lessonId} join ${categories} on ${categories.id} = ${lessons.categoryId} where ${categories.productId} = ${products.id} and ${lessonProgress.contactId} = ${contactId} and ${lessonProgress.completedAt} is not null)`,
    })
    .from(products)
    .innerJoin(reachable, eq(reachable.productId, products.id))
    .where(and(eq(products.workspaceId, workspaceId), eq(products.published, true)))
    .orderBy(asc(products.title));
}
