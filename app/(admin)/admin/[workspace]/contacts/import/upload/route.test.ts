/**
 * The contacts CSV upload route (issue 12 item 15: server actions take 1 MB, the import its
 * own 10 MB): same-origin, admin session, membership with the admin role, a streamed 10 MB
 * limit with a 413 that says what to do, and a 10,000-row file previewed and imported through
 * the real handler. Only the admin session Auth.js would read from the cookie and cache
 * revalidation are stood in for; the database and every check are real.
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { contacts, teamMembers, workspaceMembers, type Workspace } from "@/db/schema";
import { appUrl } from "@/lib/env";
import { makeWorkspace } from "@/test/fixtures";
import { MAX_UPLOAD_BYTES, TOO_LARGE } from "./limits";
import { POST } from "./route";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth/admin-auth", () => ({ auth: async () => (session.userId ? { userId: session.userId } : null), signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

const origin = new URL(appUrl).origin;
let a: Workspace;
let b: Workspace;
const people = { adminOfB: "", memberOfB: "", ownerOfA: "" };

async function teamMember(ws: Workspace, role: "owner" | "admin" | "member") {
  const [m] = await db.insert(teamMembers).values({ email: `${role}-${ws.slug}@example.com`, name: role, passwordHash: "x" }).returning();
  await db.insert(workspaceMembers).values({ workspaceId: ws.id, teamMemberId: m!.id, role });
  return m!.id;
}

function csv(rows: number, bad = 0): string {
  const lines = ["email,first name,last name,tags,phone"];
  // ~120 bytes a row, so 10,000 rows are over a server action's 1 MB.
  for (let i = 0; i < rows; i++) lines.push(`row-${i}@import.example,First${i},Last${i},"csv; big; spring-cohort-2025; newsletter; workshop",+1 202 555 ${String(i % 10_000).padStart(4, "0")}`);
  for (let i = 0; i < bad; i++) lines.push(`not-an-email-${i},Bad,Row,,`);
  return lines.join("\n");
}

function upload(slug: string, fields: { file?: Blob; mode?: string; offerId?: string }, headers: Record<string, string> = { origin, "sec-fetch-site": "same-origin" }) {
  const form = new FormData();
  if (fields.file) form.set("file", fields.file, "contacts.csv");
  form.set("mode", fields.mode ?? "preview");
  form.set("offerId", fields.offerId ?? "");
  const request = new Request(`${origin}/admin/${slug}/contacts/import/upload`, { method: "POST", body: form, headers });
  return POST(request, { params: Promise.resolve({ workspace: slug }) });
}

const contactsOf = async (ws: Workspace) => (await db.select({ n: sql<number>`count(*)::int` }).from(contacts).where(eq(contacts.workspaceId, ws.id)))[0]!.n;

beforeAll(async () => {
  [a, b] = [await makeWorkspace(), await makeWorkspace()];
  people.ownerOfA = await teamMember(a, "owner");
  people.adminOfB = await teamMember(b, "admin");
  people.memberOfB = await teamMember(b, "member");
});

describe("contacts CSV upload route", () => {
  it("refuses cross-site posts, no session, another workspace and the member role, and writes nothing", async () => {
    const file = new Blob([csv(3)], { type: "text/csv" });
    session.userId = people.adminOfB;
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { origin: "null" }] as Record<string, string>[]) {
      const res = await upload(b.slug, { file, mode: "import" }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error).toMatch(/sent from the dashboard/);
    }
    session.userId = "";
    expect((await upload(b.slug, { file, mode: "import" })).status).toBe(401);
    session.userId = people.ownerOfA;
    expect((await upload(b.slug, { file, mode: "import" })).status).toBe(404);
    session.userId = people.memberOfB;
    const member = await upload(b.slug, { file, mode: "import" });
    expect(member.status).toBe(403);
    expect((await member.json()).error).toBe("Only a workspace admin or owner can import contacts.");
    session.userId = "";
    expect(await contactsOf(b)).toBe(0);
  });

  it("refuses a body over 10 MB with a 413 that says what to do, by Content-Length or as it streams in", async () => {
    session.userId = people.adminOfB;
    const tooBig = new Blob([csv(1), "\n", "x".repeat(MAX_UPLOAD_BYTES)], { type: "text/csv" });
    const streamed = await upload(b.slug, { file: tooBig, mode: "import" });
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({ error: TOO_LARGE });

    const declared = await upload(b.slug, { file: new Blob([csv(1)]), mode: "import" }, { origin, "content-length": String(MAX_UPLOAD_BYTES + 1) });
    expect(declared.status).toBe(413);
    expect(await contactsOf(b)).toBe(0);
    session.userId = "";
  });

  it("previews and imports a 10,000-row file with its per-row errors", async () => {
    session.userId = people.adminOfB;
    const file = new Blob([csv(10_000, 3)], { type: "text/csv" });
    expect(file.size).toBeGreaterThan(1024 * 1024); // more than a server action may take

    const preview = await upload(b.slug, { file });
    expect(preview.status).toBe(200);
    const p = (await preview.json()).preview;
    expect(p).toMatchObject({ valid: 10_000, errorCount: 3 });
    expect(p.rows[0]).toEqual(["2", "row-0@import.example", "First0", "Last0", "csv, big, spring-cohort-2025, newsletter, workshop", "+12025550000"]);
    expect(p.errors[0]).toEqual({ line: 10_002, value: "not-an-email-0", error: "Not a valid email address" });
    expect(await contactsOf(b)).toBe(0);

    const started = performance.now();
    const imported = await upload(b.slug, { file, mode: "import" });
    console.log(`[import] 10,000 rows through the upload route in ${Math.round(performance.now() - started)} ms`);
    expect(imported.status).toBe(200);
    // The result keeps the rows it skipped (the preview that listed them is gone by then).
    expect(await imported.json()).toEqual({
      result: { created: 10_000, updated: 0, granted: 0, emailed: 0, skipped: 3 },
      skippedRows: { errorCount: 3, errors: [0, 1, 2].map((i) => ({ line: 10_002 + i, value: `not-an-email-${i}`, error: "Not a valid email address" })) },
    });
    expect(await contactsOf(b)).toBe(10_000);

    const wrongOffer = await upload(b.slug, { file: new Blob([csv(1)]), mode: "import", offerId: "00000000-0000-4000-8000-000000000000" });
    expect(wrongOffer.status).toBe(422);
    expect((await wrongOffer.json()).error).toBe("That offer does not exist in this workspace.");
    session.userId = "";
  });
});
