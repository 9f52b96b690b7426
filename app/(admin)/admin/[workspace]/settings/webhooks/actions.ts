"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction, adminCtx, type FormState } from "@/lib/actions";
import { redeliver, sendTestEvent } from "@/lib/webhooks/deliveries";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, setEndpointEnabled, updateEndpoint, type EndpointInput, type Failure } from "@/lib/webhooks/endpoints";
import { slugSchema } from "@/lib/slug";

const listPath = (slug: string) => `/admin/${slug}/settings/webhooks`;
const refresh = (slug: string) => revalidatePath(listPath(slug), "layout");

/**
 * Every action takes the workspace first and reads its other fields only after the role check
 * (as the API keys' do): whoever may not manage webhooks learns nothing about the form.
 */
const form = z.looseObject({ workspace: slugSchema });
const one = z.object({ id: z.string().min(1) });

/** Checkboxes arrive as nothing, one string or several; an unchecked "enabled" as nothing. */
const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as EndpointInput["eventTypes"];

function failed(f: Failure): FormState {
  const { form: whole, ...fieldErrors } = f.fieldErrors ?? {};
  if (whole || !Object.keys(fieldErrors).length) return { error: whole ?? f.error };
  return { error: "Please correct the highlighted fields.", fieldErrors };
}

const unreadable: FormState = { error: "This form could not be read. Reload the page and try again." };

/** Makes an endpoint and hands its signing secret back once, in `data` (never in `values`). */
export const createEndpointAction = adminAction(
  form,
  async (data, ctx) => {
    const made = await createEndpoint(adminCtx(ctx), { url: data.url as string, description: (data.description as string) ?? "", eventTypes: list(data.eventTypes), enabled: data.enabled === "on" });
    if (!made.ok) return failed(made);
    refresh(ctx.workspace.slug);
    return { ok: true, message: "Endpoint added.", data: { secret: made.secret, id: made.id } };
  },
  { role: "admin" },
);

export const updateEndpointAction = adminAction(
  form,
  async (data, ctx) => {
    const target = one.safeParse(data);
    if (!target.success) return unreadable;
    const saved = await updateEndpoint(adminCtx(ctx), target.data.id, { url: data.url as string, description: (data.description as string) ?? "", eventTypes: list(data.eventTypes) });
    if (!saved.ok) return failed(saved);
    refresh(ctx.workspace.slug);
    return { ok: true, message: "Endpoint saved." };
  },
  { role: "admin" },
);

export const setEndpointEnabledAction = adminAction(
  form,
  async (data, ctx) => {
    const target = one.extend({ on: z.enum(["true", "false"]) }).safeParse(data);
    if (!target.success) return unreadable;
    const on = target.data.on === "true";
    const saved = await setEndpointEnabled(adminCtx(ctx), target.data.id, on);
    if (!saved.ok) return failed(saved);
    refresh(ctx.workspace.slug);
    return { ok: true, message: on ? "Endpoint turned on: queued deliveries go out now." : "Endpoint turned off: new deliveries wait until it is on again." };
  },
  { role: "admin" },
);

export const deleteEndpointAction = adminAction(
  form,
  async (data, ctx) => {
    const target = one.safeParse(data);
    if (!target.success) return unreadable;
    const gone = await deleteEndpoint(adminCtx(ctx), target.data.id);
    if (!gone.ok) return failed(gone);
    refresh(ctx.workspace.slug);
    redirect(`${listPath(ctx.workspace.slug)}?deleted=1`);
  },
  { role: "admin" },
);

/** A new secret, shown once; the old one keeps signing until `previousSecretExpiresAt`. */
export const rotateEndpointSecretAction = adminAction(
  form,
  async (data, ctx) => {
    const target = one.safeParse(data);
    if (!target.success) return unreadable;
    const rotated = await rotateEndpointSecret(adminCtx(ctx), target.data.id);
    if (!rotated.ok) return failed(rotated);
    refresh(ctx.workspace.slug);
    return { ok: true, message: "Secret rotated.", data: { secret: rotated.secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt.toISOString() } };
  },
  { role: "admin" },
);

export const sendTestEventAction = adminAction(
  form,
  async (data, ctx) => {
    const target = one.safeParse(data);
    if (!target.success) return unreadable;
    const sent = await sendTestEvent(adminCtx(ctx), target.data.id);
    if (!sent.ok) return failed(sent);
    refresh(ctx.workspace.slug);
    return { ok: true, message: sent.message };
  },
  { role: "admin" },
);

/** `id` is the endpoint's, `deliveryId` the delivery's (it must be that endpoint's). */
export const redeliverAction = adminAction(
  form,
  async (data, ctx) => {
    const target = one.extend({ deliveryId: z.string().min(1) }).safeParse(data);
    if (!target.success) return unreadable;
    const queued = await redeliver(adminCtx(ctx), target.data.deliveryId, target.data.id);
    if (!queued.ok) return failed(queued);
    refresh(ctx.workspace.slug);
    return { ok: true, message: queued.message };
  },
  { role: "admin" },
);
