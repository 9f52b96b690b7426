/**
 * Webhook endpoints of a workspace (issue 16), for the dashboard and the API alike: every function
 * takes the caller's workspace from `ctx` and finds rows only there (another workspace's id is
 * "not found"). The signing secret is returned twice in its life: when the endpoint is made and
 * when it is rotated; otherwise it stays sealed in the database and never leaves it.
 */
import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { webhookEndpoints, workspaces, type WebhookEndpoint } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { urlProblem } from "@/lib/http/outbound";
import { seal } from "@/lib/mail/sealed";
import { isUuid } from "@/lib/utils";
import { WEBHOOK_EVENT_TYPE_NAMES } from "./event-types";
import { newEndpointSecret, ROTATION_OVERLAP_MS } from "./sign";

export const MAX_ENDPOINTS = 20;

export const urlField = z
  .string({ error: "Enter the endpoint's URL." })
  .trim()
  .min(1, "Enter the endpoint's URL.")
  .max(2000, "Keep the URL under 2,000 characters.")
  .superRefine((url, c) => {
    // Checked again at every send, after DNS resolution (lib/http/outbound.ts).
    const problem = urlProblem(url);
    if (problem) c.addIssue({ code: "custom", message: problem });
  });
export const eventTypesField = z
  .array(z.enum(WEBHOOK_EVENT_TYPE_NAMES, { error: "Choose from the listed event types." }), { error: "Choose at least one event type." })
  .min(1, "Choose at least one event type.")
  .transform((t) => [...new Set(t)].sort());
export const descriptionField = z.string().trim().max(200, "Keep the description under 200 characters.");
/** Form posts send "on"/"true"/"false"; JSON sends booleans. */
export const enabledField = z.preprocess((v) => (v === "on" || v === "true" ? true : v === "false" || v === "off" ? false : v), z.boolean({ error: "enabled is true or false." }));

/** What an admin or an integrator gives to make an endpoint. */
export const endpointSchema = z.object({ url: urlField, description: descriptionField.default(""), eventTypes: eventTypesField, enabled: enabledField.default(true) });
/** A change: only the fields given. */
export const endpointPatchSchema = z.object({ url: urlField.optional(), description: descriptionField.optional(), eventTypes: eventTypesField.optional(), enabled: enabledField.optional() });
export type EndpointInput = z.input<typeof endpointSchema>;
export type EndpointPatch = z.input<typeof endpointPatchSchema>;

export type Failure = { ok: false; error: string; notFound?: true; fieldErrors?: Record<string, string> };
const notFound: Failure = { ok: false, notFound: true, error: "No such webhook endpoint in this workspace." };

export type EndpointView = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  /** Why the worker turned it off; null when on, or turned off by someone. */
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  consecutiveFailures: number;
  /** The circuit breaker (lib/webhooks/deliver.ts): set while failing with retryable errors. */
  pausedUntil: Date | null;
  /** Until when the secret before the last rotation still signs (null: no overlap now). */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export const endpointView = (e: WebhookEndpoint, now = new Date()): EndpointView => ({
  id: e.id,
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  disabledAt: e.disabledAt,
  failingSince: e.failingSince,
  consecutiveFailures: e.consecutiveFailures,
  pausedUntil: e.pausedUntil,
  previousSecretExpiresAt: e.previousSecret && e.previousSecretExpiresAt && e.previousSecretExpiresAt > now ? e.previousSecretExpiresAt : null,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

function fieldErrorsOf(error: z.ZodError): Failure {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { ok: false, error: Object.values(fieldErrors)[0] ?? "Check the form.", fieldErrors };
}

const audit = (ctx: Ctx, action: string, data: Record<string, unknown>) => (q: Parameters<typeof recordAudit>[0]) =>
  recordAudit(q, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action, data });

export async function listEndpoints(workspaceId: string): Promise<EndpointView[]> {
  const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, workspaceId)).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
  return rows.map((e) => endpointView(e));
}

export async function getEndpointRow(workspaceId: string, id: string): Promise<WebhookEndpoint | null> {
  if (!isUuid(id)) return null;
  const [e] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)));
  return e ?? null;
}

export async function getEndpoint(workspaceId: string, id: string): Promise<EndpointView | null> {
  const e = await getEndpointRow(workspaceId, id);
  return e ? endpointView(e) : null;
}

/** Makes an endpoint; the answer carries its secret, the only time it is shown (besides a rotation). */
export async function createEndpoint(ctx: Ctx, input: EndpointInput): Promise<({ ok: true; secret: string } & EndpointView) | Failure> {
  const parsed = endpointSchema.safeParse(input);
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  const v = parsed.data;
  const secret = newEndpointSecret();
  return db.transaction(async (tx) => {
    // The workspace row serializes concurrent creates, so the cap holds.
    await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for("update");
    const [{ n }] = (await tx.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, ctx.workspace.id))) as [{ n: number }];
    if (n >= MAX_ENDPOINTS) return { ok: false as const, error: `A workspace has at most ${MAX_ENDPOINTS} webhook endpoints; delete one first.`, fieldErrors: { form: `A workspace has at most ${MAX_ENDPOINTS} webhook endpoints; delete one first.` } };
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ workspaceId: ctx.workspace.id, url: v.url, description: v.description, eventTypes: v.eventTypes, enabled: v.enabled, secret: seal(secret), createdBy: ctx.actor.type === "admin" ? ctx.actor.id : null })
      .returning();
    await audit(ctx, "webhook_endpoint.created", { endpointId: row!.id, url: v.url, eventTypes: v.eventTypes, enabled: v.enabled })(tx);
    return { ok: true as const, secret, ...endpointView(row!) };
  });
}

/** Changes the fields given. Turning it on (or pointing it elsewhere) clears its failure record. */
export async function updateEndpoint(ctx: Ctx, id: string, patch: EndpointPatch): Promise<({ ok: true } & EndpointView) | Failure> {
  const parsed = endpointPatchSchema.safeParse(patch);
  if (!parsed.success) return fieldErrorsOf(parsed.error);
  if (!isUuid(id)) return notFound;
  const v = parsed.data;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.workspaceId, ctx.workspace.id), eq(webhookEndpoints.id, id))).for("update");
    if (!before) return notFound;
    const fresh = (v.enabled === true && !before.enabled) || (v.url !== undefined && v.url !== before.url);
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        ...(v.url !== undefined && { url: v.url }),
        ...(v.description !== undefined && { description: v.description }),
        ...(v.eventTypes !== undefined && { eventTypes: v.eventTypes }),
        ...(v.enabled !== undefined && { enabled: v.enabled }),
        ...(v.enabled !== undefined && { disabledReason: null, disabledAt: v.enabled ? null : sql`now()` }),
        ...(fresh && { consecutiveFailures: 0, failingSince: null, pausedUntil: null }),
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    await audit(ctx, "webhook_endpoint.updated", { endpointId: id, changed: Object.keys(v), ...(v.url !== undefined && { url: v.url }), ...(v.enabled !== undefined && { enabled: v.enabled }) })(tx);
    return { ok: true as const, ...endpointView(row!) };
  });
}

/** On or off. Deliveries queued while it was off go out once it is on again. */
export const setEndpointEnabled = (ctx: Ctx, id: string, on: boolean) => updateEndpoint(ctx, id, { enabled: on });

/** Deletes the endpoint and its delivery history. */
export async function deleteEndpoint(ctx: Ctx, id: string): Promise<{ ok: true } | Failure> {
  if (!isUuid(id)) return notFound;
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(webhookEndpoints).where(and(eq(webhookEndpoints.workspaceId, ctx.workspace.id), eq(webhookEndpoints.id, id))).returning({ url: webhookEndpoints.url });
    if (!row) return notFound;
    await audit(ctx, "webhook_endpoint.deleted", { endpointId: id, url: row.url })(tx);
    return { ok: true as const };
  });
}

/**
 * A new secret, shown once. The one it replaces keeps signing (a second signature on every
 * delivery) for ROTATION_OVERLAP_MS, so the receiver can switch without dropping anything; a
 * rotation during an overlap drops the oldest secret at once.
 */
export async function rotateEndpointSecret(ctx: Ctx, id: string): Promise<{ ok: true; secret: string; previousSecretExpiresAt: Date } | Failure> {
  if (!isUuid(id)) return notFound;
  const secret = newEndpointSecret();
  const expires = new Date(Date.now() + ROTATION_OVERLAP_MS);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ previousSecret: sql`${webhookEndpoints.secret}`, previousSecretExpiresAt: expires, secret: seal(secret), updatedAt: new Date() })
      .where(and(eq(webhookEndpoints.workspaceId, ctx.workspace.id), eq(webhookEndpoints.id, id)))
      .returning({ id: webhookEndpoints.id });
    if (!row) return notFound;
    await audit(ctx, "webhook_endpoint.secret_rotated", { endpointId: id, previousSecretExpiresAt: expires.toISOString() })(tx);
    return { ok: true as const, secret, previousSecretExpiresAt: expires };
  });
}
