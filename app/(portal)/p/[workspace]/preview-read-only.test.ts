/**
 * "Preview as learner" writes nothing in the learner's name (SPEC §3, issue 12): with an
 * admin's preview session, every portal page and layout is rendered and every portal server
 * action is called, and no row of the workspace changes. The control: the same pages with the
 * learner's own session do record (lesson_started, the referral code), so the walk reaches
 * the writes. Only the framework is stood in for (the session Auth.js would read from the
 * cookie, request headers, cache revalidation); the database and every check are real.
 */
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db, rowsOf } from "@/db/client";
import { affiliates, categories, events, groupMemberships, groups, lessonProgress, lessons, offerProducts, offers, posts, products, type Contact, type Workspace } from "@/db/schema";
import { makeContact, makeWorkspace } from "@/test/fixtures";

type Session = { userId: string; workspaceId: string; preview?: { until: number; by?: string } } | null;
const learnerSession = vi.hoisted(() => ({ current: null as Session }));
vi.mock("@/lib/auth/learner-auth", () => ({ auth: async () => learnerSession.current, signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("@/lib/auth/admin-auth", () => ({ auth: async () => null, signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "203.0.113.9" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

const ROOT = path.resolve(import.meta.dirname);
const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const files = walk(ROOT);
const pageFiles = files.filter((f) => /(page|layout)\.tsx$/.test(f));
const actionFiles = files.filter((f) => /actions\.ts$/.test(f));
/** Checkout is anonymous (a purchase anyone can make, in no session's name), so it is not a preview's write. */
const ANONYMOUS = new Set(["checkoutAction", "viewDashboardAction"]);

let ws: Workspace;
let learner: Contact;
const params: Record<string, string> = {};

/** Every row of the workspace, in every table that has a workspace_id, as one comparable value. */
async function snapshot(): Promise<string> {
  const tables = await rowsOf<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'workspace_id' order by table_name`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const [row] = await rowsOf<{ s: string | null }>(db, sql`select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as s from ${sql.identifier(table_name)} t where t.workspace_id = ${ws.id}`);
    parts.push(`${table_name}:${row?.s}`);
  }
  const [self] = await rowsOf<{ s: string }>(db, sql`select md5(t::text) as s from workspaces t where t.id = ${ws.id}`);
  return [...parts, `workspaces:${self!.s}`].join("|");
}

async function renderEveryPage(): Promise<void> {
  for (const file of pageFiles) {
    const Page = (await import(file)).default as (p: unknown) => Promise<unknown>;
    try {
      await Page({ params: Promise.resolve(params), searchParams: Promise.resolve({}), children: null });
    } catch {
      // redirect() and notFound() throw; only what was written counts here.
    }
  }
}

function portalForm(): FormData {
  const fd = new FormData();
  const fields: Record<string, string> = {
    ...params,
    postId: params.postId!,
    title: "Written by the preview",
    body: "Written by the preview",
    current: "marble lantern orchard 58",
    password: "quiet harbor lamps 42 extra",
    next: "",
    email: learner.email,
    name: "Preview",
  };
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

beforeAll(async () => {
  ws = await makeWorkspace();
  learner = await makeContact(ws, { password: "marble lantern orchard 58" });
  const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, ws.id));
  const [product] = await db.insert(products).values({ workspaceId: ws.id, title: "Course", slug: "course", published: true }).returning();
  await db.insert(offerProducts).values({ workspaceId: ws.id, offerId: offer!.id, productId: product!.id });
  const [category] = await db.insert(categories).values({ workspaceId: ws.id, productId: product!.id, title: "Part", position: 0 }).returning();
  const [lesson] = await db.insert(lessons).values({ workspaceId: ws.id, categoryId: category!.id, title: "First lesson", position: 0 }).returning();
  const [group] = await db.insert(groups).values({ workspaceId: ws.id, name: "Circle", slug: "circle" }).returning();
  await db.insert(groupMemberships).values({ workspaceId: ws.id, groupId: group!.id, contactId: learner.id });
  const [post] = await db.insert(posts).values({ workspaceId: ws.id, groupId: group!.id, authorContactId: learner.id, title: "Hello", body: "First" }).returning();
  Object.assign(params, { workspace: ws.slug, product: "course", lesson: lesson!.id, group: "circle", offer: offer!.slug, token: "not-a-real-link", postId: post!.id });
});

const mine = async () => ({
  progress: await db.select().from(lessonProgress).where(eq(lessonProgress.contactId, learner.id)),
  events: await db.select({ type: events.type }).from(events).where(eq(events.contactId, learner.id)),
  affiliates: await db.select().from(affiliates).where(eq(affiliates.contactId, learner.id)),
});

describe("Preview as learner writes nothing in the learner's name", () => {
  it("finds the portal's pages and actions", () => {
    expect(pageFiles.length).toBeGreaterThanOrEqual(15);
    expect(actionFiles.length).toBeGreaterThanOrEqual(3);
  });

  it("every portal page and every portal action, in a preview session, changes no row of the workspace; the learner's own session records", async () => {
    const preview = { userId: learner.id, workspaceId: ws.id, preview: { until: Math.floor(Date.now() / 1000) + 1800, by: "00000000-0000-4000-8000-000000000001" } };
    learnerSession.current = preview;
    try {
      const before = await snapshot();
      await renderEveryPage();
      expect(await mine()).toEqual({ progress: [], events: [], affiliates: [] });
      expect(await snapshot()).toBe(before);

      const called: string[] = [];
      for (const file of actionFiles) {
        const mod = (await import(file)) as Record<string, unknown>;
        for (const [name, fn] of Object.entries(mod)) {
          // "End preview" writes the admin's own audit entry, which is the point of it.
          if (typeof fn !== "function" || ANONYMOUS.has(name) || name === "endPreviewAction") continue;
          try {
            await (fn.length >= 2 ? (fn as (p: unknown, f: FormData) => Promise<unknown>)({}, portalForm()) : (fn as (f: FormData) => Promise<unknown>)(portalForm()));
          } catch {
            // redirect() throws.
          }
          called.push(name);
        }
      }
      expect(called).toEqual(expect.arrayContaining(["completeLessonAction", "createPostAction", "createCommentAction", "setPasswordAction", "signOutEverywhereAction"]));
      expect(await snapshot()).toBe(before);

      // The control: the learner's own session, the same pages.
      learnerSession.current = { userId: learner.id, workspaceId: ws.id };
      await renderEveryPage();
      const after = await mine();
      expect(after.progress).toHaveLength(1);
      expect(after.events.map((e) => e.type)).toContain("lesson_started");
      expect(after.affiliates).toHaveLength(1);
    } finally {
      learnerSession.current = null;
    }
  });
});
