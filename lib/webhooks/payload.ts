/**
 * The JSON a webhook carries (Standard Webhooks style), stable and documented in the README:
 * `{ type, timestamp, data: { event: { id, type, created_at, data }, contact, workspace } }`.
 * `type` is the public type; event data keys are snake_case and never include the internal
 * `cause` (which workflow run made the change). The body is fixed at the first attempt, so a
 * retry or a redelivery sends the same bytes under the same `webhook-id`.
 */
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { contacts, events, portalStatus, type Contact, type Workspace } from "@/db/schema";
import { time } from "@/lib/api/schemas";
import { publicEventType, TEST_EVENT_TYPE } from "./event-types";

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** An event's data as webhooks (and the API's event log) show it. */
export function publicEventData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => k !== "cause").map(([k, v]) => [snake(k), v]));
}

/** What every webhook body is, for the OpenAPI document's `webhooks` (lib/api/openapi.ts); a test parses real bodies with it. */
export const webhookPayloadSchema = z
  .strictObject({
    type: z.string().describe("The public event type (the same as data.event.type)."),
    timestamp: time.describe("When the event happened."),
    data: z.strictObject({
      event: z.strictObject({
        id: z.uuid().describe("The event's id: also the `webhook-id` header, the same on every retry and redelivery. Dedupe on it."),
        type: z.string(),
        created_at: time,
        data: z.record(z.string(), z.unknown()).describe("What happened, snake_case (ids of the offer, product, grant, group, lesson…), as in GET /events."),
      }),
      contact: z
        .strictObject({
          id: z.uuid(),
          email: z.string(),
          first_name: z.string(),
          last_name: z.string(),
          phone: z.string().nullable(),
          tags: z.array(z.string()),
          portal_status: z.enum(portalStatus.enumValues),
        })
        .nullable()
        .describe("The contact as it is when the event is first sent; null for events without one (the test event)."),
      workspace: z.strictObject({ id: z.uuid(), slug: z.string() }),
    }),
  })
  .meta({ id: "WebhookPayload" });

export const webhookContact = (c: Contact) => ({ id: c.id, email: c.email, first_name: c.firstName, last_name: c.lastName, phone: c.phone, tags: c.tags, portal_status: c.portalStatus });

type Body = { type: string; id: string; createdAt: Date; data: Record<string, unknown>; contact: Contact | null; workspace: Pick<Workspace, "id" | "slug"> };

export function webhookBody(b: Body): string {
  return JSON.stringify({
    type: b.type,
    timestamp: b.createdAt.toISOString(),
    data: {
      event: { id: b.id, type: b.type, created_at: b.createdAt.toISOString(), data: b.data },
      contact: b.contact ? webhookContact(b.contact) : null,
      workspace: { id: b.workspace.id, slug: b.workspace.slug },
    },
  });
}

/** The body of "Send test event". */
export const testBody = (id: string, workspace: Pick<Workspace, "id" | "slug">, at = new Date()) =>
  webhookBody({ type: TEST_EVENT_TYPE, id, createdAt: at, data: { message: "A test event from Portico: your endpoint is reachable and verifies our signature." }, contact: null, workspace });

/** Bodies for events, by event id (one query for the events and their contacts). */
export async function bodiesForEvents(q: Queryable, workspace: Pick<Workspace, "id" | "slug">, eventIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (eventIds.length === 0) return out;
  const rows = await q.select().from(events).where(inArray(events.id, eventIds));
  const contactIds = [...new Set(rows.map((e) => e.contactId).filter((c): c is string => !!c))];
  const people = contactIds.length ? await q.select().from(contacts).where(inArray(contacts.id, contactIds)) : [];
  const byId = new Map(people.map((c) => [c.id, c]));
  for (const e of rows) {
    if (e.workspaceId !== workspace.id) continue;
    const type = publicEventType(e.type) ?? e.type;
    out.set(e.id, webhookBody({ type, id: e.id, createdAt: e.createdAt, data: publicEventData(e.data), contact: e.contactId ? (byId.get(e.contactId) ?? null) : null, workspace }));
  }
  return out;
}
