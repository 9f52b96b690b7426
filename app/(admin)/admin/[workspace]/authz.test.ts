/**
 * No cross-workspace access in the dashboard (SPEC §2, issue 6): an admin of workspace A
 * calls every admin page and every admin server action with workspace B's slug and B's
 * record ids. Every one must answer "not found" and B must be unchanged. Only the framework
 * around the code is stood in for (the admin session Auth.js would read from the cookie, the
 * request headers, cache revalidation); the database and every check are the real ones.
 */
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { authTokens, categories, emailMessages, customTemplates, groups, lessons, offers, products, teamMembers, workspaceMembers, type Workspace } from "@/db/schema";
import { makeContact, makeWorkspace } from "@/test/fixtures";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth/admin-auth", () => ({ auth: async () => ({ userId: session.userId }), signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("@/lib/auth/learner-auth", () => ({ auth: async () => null, signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "203.0.113.5" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

const ROOT = path.resolve(import.meta.dirname);
const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const files = walk(ROOT);
const actionFiles = files.filter((f) => /actions\.ts$/.test(f));
const routeFiles = files.filter((f) => /route\.ts$/.test(f));
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const pageFiles = files.filter((f) => /(page|layout)\.tsx$/.test(f));

const isNotFound = (e: unknown) => typeof e === "object" && e !== null && String((e as { digest?: string }).digest ?? "").includes(";404");

let a: Workspace;
let b: Workspace;
let memberOfB = "";
const ids: Record<string, string> = {};

/** Everything of B that an action could change, as one comparable value. */
async function snapshotOfB() {
  const [row] = await db.execute<{ s: string }>(sql`
    select concat_ws('|',
      (select md5(string_agg(t::text, ',' order by t.id)) from workspaces t where t.id = ${b.id}),
      (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from contacts t where t.workspace_id = ${b.id}),
      (select count(*) from offer_grants where workspace_id = ${b.id}),
      (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from offers t where t.workspace_id = ${b.id}),
      (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from products t where t.workspace_id = ${b.id}),
      (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from lessons t where t.workspace_id = ${b.id}),
      (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from categories t where t.workspace_id = ${b.id}),
      (select count(*) from group_memberships where workspace_id = ${b.id}),
      (select count(*) from auth_tokens where workspace_id = ${b.id}),
      (select count(*) from email_messages where workspace_id = ${b.id}),
      (select count(*) from audit_entries where workspace_id = ${b.id}),
      (select count(*) from events where workspace_id = ${b.id}),
      (select count(*) from smart_lists where workspace_id = ${b.id}),
      (select string_agg(team_member_id::text || role::text, ',' order by team_member_id) from workspace_members where workspace_id = ${b.id})
    ) as s`).then((r) => (Array.isArray(r) ? r : (r as unknown as { rows: { s: string }[] }).rows));
  return row!.s;
}

beforeAll(async () => {
  [a, b] = [await makeWorkspace(), await makeWorkspace()];
  const [adminA] = await db.insert(teamMembers).values({ email: `owner-${a.slug}@example.com`, name: "A Owner", passwordHash: "x" }).returning();
  await db.insert(workspaceMembers).values({ workspaceId: a.id, teamMemberId: adminA!.id, role: "owner" });
  const [ownerB] = await db.insert(teamMembers).values({ email: `owner-${b.slug}@example.com`, name: "B Owner", passwordHash: "x" }).returning();
  await db.insert(workspaceMembers).values({ workspaceId: b.id, teamMemberId: ownerB!.id, role: "owner" });
  session.userId = adminA!.id;
  const [member] = await db.insert(teamMembers).values({ email: `member-${b.slug}@example.com`, name: "B Member", passwordHash: "x" }).returning();
  await db.insert(workspaceMembers).values({ workspaceId: b.id, teamMemberId: member!.id, role: "member" });
  memberOfB = member!.id;

  const contact = await makeContact(b, { email: "victim@b.example" });
  const [offer] = await db.select().from(offers).where(eq(offers.workspaceId, b.id));
  const [product] = await db.insert(products).values({ workspaceId: b.id, title: "B course", slug: "b-course" }).returning();
  const [category] = await db.insert(categories).values({ workspaceId: b.id, productId: product!.id, title: "Part", position: 0 }).returning();
  const [lesson] = await db.insert(lessons).values({ workspaceId: b.id, categoryId: category!.id, title: "Lesson", position: 0 }).returning();
  const [group] = await db.insert(groups).values({ workspaceId: b.id, name: "B group", slug: "b-group" }).returning();
  const [template] = await db.insert(customTemplates).values({ workspaceId: b.id, name: "T", subject: "S", body: "B" }).returning();
  const [message] = await db.insert(emailMessages).values({ workspaceId: b.id, contactId: contact.id, toEmail: contact.email, fromEmail: "x@example.com", subject: "s", html: "h", text: "t", template: "welcome", status: "failed", batchId: "00000000-0000-4000-8000-0000000000bb" }).returning();
  const [token] = await db.insert(authTokens).values({ kind: "learner_magic_link", workspaceId: b.id, contactId: contact.id, tokenHash: "b".repeat(64), issuedVia: "test", expiresAt: new Date(Date.now() + 3600_000) }).returning();
  Object.assign(ids, {
    contactId: contact.id,
    offerId: offer!.id,
    productId: product!.id,
    categoryId: category!.id,
    lessonId: lesson!.id,
    groupId: group!.id,
    templateId: template!.id,
    messageId: message!.id,
    batchId: message!.batchId!,
    tokenId: token!.id,
    memberId: ownerB!.id,
    id: offer!.id,
  });
});

/** A form that passes every action's validation, aimed at B. */
const FORM_OVERRIDES: Record<string, Record<string, string>> = { dripAction: { mode: "days" } };

/** `overrides`: fields one action reads differently (drip's `mode` is not the import's). */
function formForB(overrides: Record<string, string> = {}): FormData {
  const fd = new FormData();
  const fields: Record<string, string> = {
    workspace: b.slug,
    ...ids,
    ids: ids.contactId!,
    productIds: ids.productId!,
    email: "victim@b.example",
    name: "Pwned",
    title: "Pwned",
    slug: "pwned",
    description: "",
    price: "",
    currency: "USD",
    status: "published",
    subject: "Hi {{contact.first_name}}",
    body: "Body",
    previewEmail: "",
    q: "",
    key: "welcome",
    on: "false",
    op: "add-category",
    dir: "up",
    role: "owner",
    action: "grant_offer",
    password: "marble lantern orchard 58",
    reason: "cross-workspace probe",
    destination: "courses",
    firstName: "P",
    lastName: "W",
    phone: "",
    tags: "pwned",
    newTag: "pwned",
    accentColor: "#000000",
    magicLinkHours: "24",
    senderName: "",
    replyTo: "",
    customDomain: "",
    logoUrl: "",
    coverUrl: "",
    videoUrl: "",
    mode: "import",
    kind: "lesson",
    days: "3",
  };
  for (const [k, v] of Object.entries({ ...fields, ...overrides })) fd.set(k, v);
  fd.set("file", new File(["email\nnew@b.example\n"], "c.csv", { type: "text/csv" }));
  return fd;
}

/** Every HTTP handler of the dashboard's route files, called with B's slug and ids and a form aimed at B. */
async function callRouteHandlers(): Promise<{ name: string; res: Response }[]> {
  const out: { name: string; res: Response }[] = [];
  for (const file of routeFiles) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler !== "function") continue;
      const request = new Request(`http://localhost/admin/${b.slug}`, { method, ...(method === "GET" ? {} : { body: formForB() }) });
      const res = (await (handler as (r: Request, c: unknown) => Promise<Response>)(request, { params: Promise.resolve({ workspace: b.slug, ...ids }) })) as Response;
      out.push({ name: `${path.relative(ROOT, file)} ${method}`, res });
    }
  }
  return out;
}

describe("no cross-workspace access in the dashboard", () => {
  it("finds every admin action and page", () => {
    expect(actionFiles.length).toBeGreaterThanOrEqual(9);
    expect(routeFiles.length).toBeGreaterThanOrEqual(1);
    expect(pageFiles.length).toBeGreaterThanOrEqual(20);
  });

  it("every admin action, given workspace B, answers not found and changes nothing in B", async () => {
    const before = await snapshotOfB();
    const checked: string[] = [];
    for (const file of actionFiles) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const [name, fn] of Object.entries(mod)) {
        if (typeof fn !== "function") continue;
        const call = name === "suggestContactsAction" ? () => (fn as (w: string, q: string) => Promise<unknown>)(b.slug, "victim") : () => (fn as (p: unknown, f: FormData) => Promise<unknown>)({}, formForB(FORM_OVERRIDES[name]));
        let outcome: unknown;
        try {
          outcome = await call();
        } catch (e) {
          outcome = e;
        }
        expect(isNotFound(outcome), `${path.relative(ROOT, file)} → ${name} answered ${JSON.stringify(outcome)}`).toBe(true);
        checked.push(name);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(30);
    for (const { name, res } of await callRouteHandlers()) expect(res.status, `${name} answered ${res.status}`).toBe(404);
    expect(await snapshotOfB()).toBe(before);
  });

  it("every admin page and layout, given B's slug and record ids, answers not found; A's own pages render", async () => {
    const params = Promise.resolve({ workspace: b.slug, ...ids, key: "welcome" });
    for (const file of pageFiles) {
      const Page = (await import(file)).default as (p: unknown) => Promise<unknown>;
      let outcome: unknown;
      try {
        outcome = await Page({ params, searchParams: Promise.resolve({}), children: null });
      } catch (e) {
        outcome = e;
      }
      expect(isNotFound(outcome), `${path.relative(ROOT, file)} rendered for another workspace`).toBe(true);
    }
    // The control: the same admin, their own workspace.
    for (const rel of ["page.tsx", "contacts/page.tsx", "settings/team/page.tsx"]) {
      const Page = (await import(path.join(ROOT, rel))).default as (p: unknown) => Promise<unknown>;
      await expect(Page({ params: Promise.resolve({ workspace: a.slug }), searchParams: Promise.resolve({}) })).resolves.toBeTruthy();
    }
  });

  it("a member of B may send links and emails; every other action refuses them on the server and changes nothing", async () => {
    // SPEC §2: member = read-only plus sending links and emails (to the contact's inbox: a
    // magic link shown on screen is a credential, so generating one is the admin's, issue 12).
    const SENDING = new Set(["sendLoginEmailAction", "sendResetLinkAction", "resendWelcomeAction", "retryEmailAction", "previewTemplateAction", "sendTestAction", "sendTemplateAction", "suggestContactsAction", "sendLoginEmailsAction", "templateSendQuestionAction"]);
    session.userId = memberOfB;
    try {
      const before = await snapshotOfB();
      let refused = 0;
      for (const file of actionFiles) {
        const mod = (await import(file)) as Record<string, unknown>;
        for (const [name, fn] of Object.entries(mod)) {
          if (typeof fn !== "function" || SENDING.has(name)) continue;
          // The form asks for the most an action can do: grant an offer (bulk), invite with an offer, …
          const outcome = (await (fn as (p: unknown, f: FormData) => Promise<{ error?: string }>)({}, formForB(FORM_OVERRIDES[name]))) ?? {};
          expect(outcome.error, `${path.relative(ROOT, file)} → ${name} let a member through`).toMatch(/admin or owner/);
          refused++;
        }
      }
      expect(refused).toBeGreaterThanOrEqual(20);
      for (const { name, res } of await callRouteHandlers()) {
        expect(res.status, `${name} let a member through`).toBe(403);
        expect((await res.json()).error).toMatch(/admin or owner/);
      }
      expect(await snapshotOfB()).toBe(before);
    } finally {
      session.userId = "";
    }
  });

  it("a member of B cannot generate a magic link (copyable or emailed) and no token is written; sending a login email stays theirs; an admin of B gets the link", async () => {
    const { generateMagicLinkAction, sendLoginEmailAction } = await import("./contacts/[contactId]/actions");
    const form = (fields: Record<string, string>) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.set(k, v);
      return fd;
    };
    const target = { workspace: b.slug, contactId: ids.contactId! };
    const tokensOf = () => db.select({ id: authTokens.id, kind: authTokens.kind }).from(authTokens).where(eq(authTokens.contactId, ids.contactId!)).orderBy(authTokens.id);
    session.userId = memberOfB;
    try {
      const before = await tokensOf();
      for (const extra of [{}, { sendEmail: "on" }, { destination: "courses", sendEmail: "on" }] as Record<string, string>[]) {
        const outcome = await generateMagicLinkAction({}, form({ ...target, ...extra }));
        expect(outcome.error, JSON.stringify(outcome)).toMatch(/admin or owner/);
        expect(outcome.data).toBeUndefined();
      }
      expect(await tokensOf()).toEqual(before);

      // The login email is still the member's to send: its link goes to the contact's inbox only.
      const sent = await sendLoginEmailAction({}, form(target));
      expect(sent).toMatchObject({ ok: true });
      expect(sent.data).toBeUndefined();
      const magicLinks = async () => (await tokensOf()).filter((t) => t.kind === "learner_magic_link").length;
      expect(await magicLinks()).toBe(before.filter((t) => t.kind === "learner_magic_link").length);

      // The control: the same request from an admin of B mints the link and shows it.
      session.userId = ids.memberId!;
      const made = await generateMagicLinkAction({}, form(target));
      expect(made).toMatchObject({ ok: true });
      expect(made.data?.link).toMatch(/^https?:\/\//);
      expect(await magicLinks()).toBe(before.filter((t) => t.kind === "learner_magic_link").length + 1);
    } finally {
      session.userId = "";
    }
  });
});
