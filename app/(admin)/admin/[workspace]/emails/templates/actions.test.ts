/**
 * The template editor's actions answer a hostile template with form feedback (issue 12): the
 * file-tag refusal and the render limits reach the admin as words under the field or in the
 * alert, never as a thrown error. Only the framework is stood in for (the admin session, the
 * request headers, cache revalidation); the database, the checks and the renders are real.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { customTemplates, emailMessages, teamMembers, workspaceMembers, type MemberRole, type Workspace } from "@/db/schema";
import { authSecret } from "@/lib/env";
import { makeWorkspace } from "@/test/fixtures";
import { previewTemplateAction, saveTemplateAction, sendTestAction } from "./actions";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth/admin-auth", () => ({ auth: async () => ({ userId: session.userId }), signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("@/lib/auth/learner-auth", () => ({ auth: async () => null, signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

let ws: Workspace;
const people: Partial<Record<MemberRole, string>> = {};

beforeAll(async () => {
  ws = await makeWorkspace();
  for (const role of ["admin", "member"] as const) {
    const [m] = await db.insert(teamMembers).values({ email: `${role}-${ws.slug}@example.com`, name: `Ada ${role}`, passwordHash: "x" }).returning();
    await db.insert(workspaceMembers).values({ workspaceId: ws.id, teamMemberId: m!.id, role });
    people[role] = m!.id;
  }
});

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ workspace: ws.slug, name: "Hostile", subject: "Hi", previewEmail: "", ...fields })) fd.set(k, v);
  return fd;
};

describe("template editor actions", () => {
  it("save, preview and send test refuse a file tag with the tag named, as form feedback", async () => {
    const body = '{% include ".data/test/auth-secret" %}';
    session.userId = people.admin!;
    const saved = await saveTemplateAction({}, form({ body }));
    expect(saved).toMatchObject({ fieldErrors: { body: expect.stringContaining("{% include %}") } });
    session.userId = people.member!;
    const preview = await previewTemplateAction({}, form({ body: '{% render ".env" %}' }));
    expect(preview).toMatchObject({ error: expect.stringContaining("{% render %}"), fieldErrors: { body: expect.stringContaining("{% render %}") } });
    const test = await sendTestAction({}, form({ body: '{% layout "x" %}' }));
    expect(test).toMatchObject({ error: expect.stringContaining("{% layout %}") });
    expect(JSON.stringify([saved, preview, test])).not.toContain(authSecret());
    expect(await db.select().from(customTemplates).where(eq(customTemplates.workspaceId, ws.id))).toEqual([]);
    expect(await db.select().from(emailMessages).where(eq(emailMessages.workspaceId, ws.id))).toEqual([]);
  });

  it("a template that breaks a render limit gets the limit's message, quickly", async () => {
    const body = "{% for i in (1..3000) %}{% for j in (1..3000) %}{{ i }}{% endfor %}{% endfor %}";
    session.userId = people.member!;
    const started = performance.now();
    const preview = await previewTemplateAction({}, form({ body }));
    const test = await sendTestAction({}, form({ body }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(preview).toMatchObject({ error: expect.stringMatching(/repeats too much/) });
    expect(test).toMatchObject({ error: expect.stringMatching(/repeats too much/) });
    session.userId = people.admin!;
    expect(await saveTemplateAction({}, form({ body }))).toMatchObject({ fieldErrors: { body: expect.stringMatching(/repeats too much/) } });
  });
});
