/**
 * Settings → Webhooks actions: field errors by field with what was typed kept; the signing
 * secret comes back once (in `data`, never in `values`) and is stored sealed; a test event and a
 * redelivery are queued; members are refused every action and nothing changes. Only the
 * framework is stood in for (admin session, headers, revalidation, redirect).
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { teamMembers, webhookDeliveries, webhookEndpoints, workspaceMembers, type MemberRole, type Workspace } from "@/db/schema";
import { makeWorkspace } from "@/test/fixtures";
import { createEndpointAction, deleteEndpointAction, redeliverAction, rotateEndpointSecretAction, sendTestEventAction, setEndpointEnabledAction, updateEndpointAction } from "./actions";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth/admin-auth", () => ({ auth: async () => ({ userId: session.userId }), signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("@/lib/auth/learner-auth", () => ({ auth: async () => null, signIn: async () => {}, signOut: async () => {}, handlers: {} }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => {}, delete: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { to });
  },
  notFound: () => {
    throw Object.assign(new Error("NEXT_NOT_FOUND"), { digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
  },
}));

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

const form = (fields: Record<string, string | string[]>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ workspace: ws.slug, ...fields })) for (const one of [v].flat()) fd.append(k, one);
  return fd;
};
const endpointsOf = () => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, ws.id));
const deliveriesOf = () => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, ws.id));

describe("webhook endpoint actions", () => {
  it("field errors beside the fields, what was typed kept; nothing written", async () => {
    session.userId = people.admin!;
    const bad = await createEndpointAction({}, form({ url: "ftp://example.com/x", description: "CRM", eventTypes: ["contact.created", "nope"] }));
    expect(bad).toMatchObject({ fieldErrors: { url: expect.stringContaining("https://"), eventTypes: "Choose from the listed event types." }, values: { url: "ftp://example.com/x", description: "CRM" } });
    expect(await createEndpointAction({}, form({ url: "https://example.com/x" }))).toMatchObject({ fieldErrors: { eventTypes: "Choose at least one event type." } });
    expect(await endpointsOf()).toEqual([]);
  });

  it("an admin's endpoint: the secret once, sealed in the database; edit, off/on, test event, redeliver, rotate, delete", async () => {
    session.userId = people.admin!;
    const made = await createEndpointAction({}, form({ url: "https://example.com/hooks", eventTypes: ["contact.updated", "contact.created"] }));
    expect(made).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/), id: expect.any(String) } });
    expect(made.values).toBeUndefined();
    const [row] = await endpointsOf();
    // No "enabled" in the form: the checkbox was left unticked.
    expect(row).toMatchObject({ url: "https://example.com/hooks", eventTypes: ["contact.created", "contact.updated"], enabled: false });
    expect(JSON.stringify(row)).not.toContain(made.data!.secret!);
    const id = row!.id;

    expect(await updateEndpointAction({}, form({ id, url: "https://example.com/v2", description: "CRM sync", eventTypes: "group.joined" }))).toMatchObject({ ok: true });
    expect((await endpointsOf())[0]).toMatchObject({ url: "https://example.com/v2", description: "CRM sync", eventTypes: ["group.joined"] });
    expect(await updateEndpointAction({}, form({ id, url: "", eventTypes: "group.joined" }))).toMatchObject({ fieldErrors: { url: "Enter the endpoint's URL." } });

    expect(await setEndpointEnabledAction({}, form({ id, on: "true" }))).toMatchObject({ ok: true, message: expect.stringContaining("turned on") });
    expect(await sendTestEventAction({}, form({ id }))).toMatchObject({ ok: true, message: "Test event queued: it goes out in a moment." });
    const [test] = await deliveriesOf();
    expect(test).toMatchObject({ type: "webhook.test", status: "queued" });
    expect(await redeliverAction({}, form({ id, deliveryId: test!.id }))).toMatchObject({ error: expect.stringContaining("still queued") });
    await db.update(webhookDeliveries).set({ status: "delivered", attempts: 1 }).where(eq(webhookDeliveries.id, test!.id));
    expect(await redeliverAction({}, form({ id, deliveryId: test!.id }))).toMatchObject({ ok: true, message: expect.stringContaining("same webhook-id") });
    expect((await deliveriesOf())[0]).toMatchObject({ status: "queued", attempts: 0, messageId: test!.messageId });

    const rotated = await rotateEndpointSecretAction({}, form({ id }));
    expect(rotated).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) } });
    expect(rotated.data!.secret).not.toBe(made.data!.secret);

    await expect(deleteEndpointAction({}, form({ id }))).rejects.toMatchObject({ to: `/admin/${ws.slug}/settings/webhooks?deleted=1` });
    expect(await endpointsOf()).toEqual([]);
    expect(await deleteEndpointAction({}, form({ id }))).toMatchObject({ error: "No such webhook endpoint in this workspace." });
  });

  it("a member is refused every action, and nothing changes", async () => {
    session.userId = people.admin!;
    const made = await createEndpointAction({}, form({ url: "https://example.com/live", eventTypes: "contact.created", enabled: "on" }));
    const id = made.data!.id!;
    await sendTestEventAction({}, form({ id }));
    const [before, queued] = [await endpointsOf(), await deliveriesOf()];
    session.userId = people.member!;
    const calls = [
      createEndpointAction({}, form({ url: "https://example.com/mine", eventTypes: "contact.created" })),
      updateEndpointAction({}, form({ id, url: "https://evil.example.com", eventTypes: "contact.created" })),
      setEndpointEnabledAction({}, form({ id, on: "false" })),
      rotateEndpointSecretAction({}, form({ id })),
      sendTestEventAction({}, form({ id })),
      redeliverAction({}, form({ id, deliveryId: queued[0]!.id })),
      deleteEndpointAction({}, form({ id })),
    ];
    for (const outcome of await Promise.all(calls)) expect(outcome).toMatchObject({ error: expect.stringMatching(/admin or owner/) });
    expect(await endpointsOf()).toEqual(before);
    expect(await deliveriesOf()).toEqual(queued);
  });
});
