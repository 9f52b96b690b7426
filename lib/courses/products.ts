/** Courses (products) and their outline: ordered categories, each with ordered lessons. */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { categories, lessons, offerProducts, products, type Category, type Lesson, type Product } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx, SaveResult } from "@/lib/context";
import { checkbox } from "@/lib/form-values";
import { slugSchema } from "@/lib/slug";
import { isUuid } from "@/lib/utils";

export type Outline = { product: Product; categories: (Category & { lessons: Lesson[] })[] };

export async function getProduct(workspaceId: string, productId: string): Promise<Product | undefined> {
  if (!isUuid(productId)) return undefined;
  const [row] = await db.select().from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.id, productId))).limit(1);
  return row;
}

export async function getProductBySlug(workspaceId: string, slug: string): Promise<Product | undefined> {
  const [row] = await db.select().from(products).where(and(eq(products.workspaceId, workspaceId), eq(products.slug, slug.toLowerCase()))).limit(1);
  return row;
}

/** The product's categories and lessons in order (lesson bodies included). */
export async function outlineOf(product: Product): Promise<Outline> {
  const cats = await db.select().from(categories).where(and(eq(categories.workspaceId, product.workspaceId), eq(categories.productId, product.id))).orderBy(asc(categories.position), asc(categories.createdAt));
  const ls = cats.length
    ? await db.select().from(lessons).where(and(eq(lessons.workspaceId, product.workspaceId), inArray(lessons.categoryId, cats.map((c) => c.id)))).orderBy(asc(lessons.position), asc(lessons.createdAt))
    : [];
  return { product, categories: cats.map((c) => ({ ...c, lessons: ls.filter((l) => l.categoryId === c.id) })) };
}

export async function listProducts(workspaceId: string) {
  return db
    .select({
      product: products,
      // Names the outer row in full: Drizzle leaves a one-table select's columns unqualified.
      lessonCount: sql<number>`(select count(*)::int from lessons l join categories c on c.id = l.category_id where c.product_id = "products"."id")`,
    })
    .from(products)
    .where(eq(products.workspaceId, workspaceId))
    .orderBy(asc(products.title));
}

/** The published products an offer bundles (for its checkout page). */
export async function listOfferProducts(workspaceId: string, offerId: string) {
  return db
    .select({ id: products.id, title: products.title })
    .from(offerProducts)
    .innerJoin(products, eq(products.id, offerProducts.productId))
    .where(and(eq(offerProducts.workspaceId, workspaceId), eq(offerProducts.offerId, offerId), eq(products.published, true)))
    .orderBy(asc(products.title));
}

const optionalUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => v === "" || /^https?:\/\//i.test(v), "Use a full http(s):// address.")
  .transform((v) => v || null);

export const productSchema = z.object({
  title: z.string().trim().min(1, "Give the course a title.").max(200),
  slug: slugSchema,
  description: z.string().trim().max(5000).default(""),
  coverUrl: optionalUrl,
  published: checkbox,
});

export async function saveProduct(ctx: Ctx, input: z.infer<typeof productSchema> & { id?: string }): Promise<SaveResult> {
  const { workspace } = ctx;
  return db.transaction(async (tx): Promise<SaveResult> => {
    const [clash] = await tx.select({ id: products.id }).from(products).where(and(eq(products.workspaceId, workspace.id), eq(products.slug, input.slug))).limit(1);
    if (clash && clash.id !== input.id) return { ok: false, fieldErrors: { slug: "Another course uses this address." } };
    const values = { title: input.title, slug: input.slug, description: input.description, coverUrl: input.coverUrl, published: input.published };
    const [product] = input.id
      ? await tx.update(products).set({ ...values, updatedAt: new Date() }).where(and(eq(products.workspaceId, workspace.id), eq(products.id, input.id))).returning()
      : await tx.insert(products).values({ workspaceId: workspace.id, ...values }).returning();
    if (!product) return { ok: false, fieldErrors: { title: "That course no longer exists." } };
    await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: input.id ? "product.updated" : "product.created", data: { productId: product.id, title: product.title } });
    return { ok: true, id: product.id };
  });
}

export const videoUrlSchema = optionalUrl;
