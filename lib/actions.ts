/**
 * Server action wrappers: parse FormData with a zod schema, authorize, and turn expected
 * failures into form state. Handlers get typed data; unexpected errors propagate to error.tsx.
 *
 * Whatever a request carries, an action reads a browser form's text fields and nothing else:
 * arguments that are not FormData (JSON sent where a form goes) and text no one can type
 * (control characters, NUL, invalid UTF-8 — which arrives as U+FFFD) are refused before any
 * handler runs, so malformed input never reaches the database.
 */
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { z } from "zod";
import type { Contact, MemberRole, Workspace } from "@/db/schema";
import { currentLearner, currentPreview, requireWorkspaceAdmin } from "@/lib/auth/session";
import { getWorkspaceBySlug, roleAtLeast } from "@/lib/tenancy/workspaces";
import type { Ctx, RequestInfo, SaveResult } from "@/lib/context";
import { requestInfoFrom } from "@/lib/request-info";
import { isSavableText } from "@/lib/utils";

export type FormState = {
  error?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  ok?: boolean;
  message?: string;
  /** Results to show once (a generated link); never echoed input. */
  data?: Record<string, string>;
};

const SECRET_FIELD = /password|token|secret|code/i;

/** What the form showed, minus anything secret, so a failed submit keeps the user's input. */
export function echoValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && isSavableText(value) && !SECRET_FIELD.test(key) && !key.startsWith("$")) values[key] = value;
  }
  return values;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

type Meta = { request: RequestInfo };

export const FORM_UNREADABLE = "This form could not be read. Reload the page and try again.";
const TEXT_UNSAVABLE = "This contains characters that cannot be saved (control characters or text that is not valid UTF-8).";

/**
 * Tells the production server, when it asks, that an action is running — that is, Next could
 * decode the request. A server action request that fails before this point was malformed (a
 * body Next cannot decode, or over the 1 MB limit) and is the client's error, not a 500.
 */
const markActionRunning = () => (globalThis as { __porticoActionRunning?: () => void }).__porticoActionRunning?.();

/**
 * Whether the argument is a form at all, and which of its text fields hold text that cannot be
 * saved. (A file part where text belongs is the schema's to refuse: no action takes files.)
 */
function readable(formData: unknown): { unreadable: true } | { unreadable: false; fieldErrors: Record<string, string> } {
  if (!(formData instanceof FormData)) return { unreadable: true };
  const fieldErrors: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (!isSavableText(key)) return { unreadable: true };
    if (typeof value === "string" && !isSavableText(value)) fieldErrors[key] ??= TEXT_UNSAVABLE;
  }
  return { unreadable: false, fieldErrors };
}

/** FormData as an object; a key sent more than once (checkboxes) becomes an array. */
function formObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

export function action<S extends z.ZodType>(schema: S, fn: (data: z.infer<S>, meta: Meta) => Promise<FormState | void>) {
  return async (_prev: FormState, formData: FormData): Promise<FormState> => {
    markActionRunning();
    const form = readable(formData);
    if (form.unreadable) return { error: FORM_UNREADABLE };
    if (Object.keys(form.fieldErrors).length) return { error: "Please correct the highlighted fields.", fieldErrors: form.fieldErrors, values: echoValues(formData) };
    const parsed = schema.safeParse(formObject(formData));
    if (!parsed.success) {
      return { error: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error), values: echoValues(formData) };
    }
    const request = requestInfoFrom(await headers());
    const result = await fn(parsed.data, { request });
    return result ? { ...result, values: result.ok ? undefined : (result.values ?? echoValues(formData)) } : { ok: true };
  };
}

/**
 * For a form's plain action (no form state, e.g. "Sign out"), which reads its fields itself: the
 * same reading rules as action(), and such a form has text fields only, each sent once. A form
 * that breaks them does nothing.
 */
export function formAction(fn: (formData: FormData) => Promise<void>) {
  return async (formData: FormData): Promise<void> => {
    markActionRunning();
    const form = readable(formData);
    if (form.unreadable || Object.keys(form.fieldErrors).length) return;
    const keys = [...formData.keys()];
    if (new Set(keys).size !== keys.length || [...formData.values()].some((v) => typeof v !== "string")) return;
    return fn(formData);
  };
}

/**
 * For an action called with plain values rather than a form (a picker's lookup): the arguments
 * are checked as a zod tuple, and anything else gets `refused`.
 */
export function valuesAction<A extends z.ZodTuple, R>(args: A, fn: (...values: z.infer<A>) => Promise<R>, refused: R) {
  return async (...values: unknown[]): Promise<R> => {
    markActionRunning();
    const parsed = args.safeParse(values);
    return parsed.success ? fn(...(parsed.data as z.infer<A>)) : refused;
  };
}

/** For an action that takes no input at all ("Sign out", "Load demo data"): whatever a request sends is ignored. */
export function inputlessAction<R>(fn: () => Promise<R>): (...ignored: unknown[]) => Promise<R> {
  return async () => {
    markActionRunning();
    return fn();
  };
}

/** Like action(), for the dashboard: the form carries `workspace` (slug); role is checked on the server. */
export function adminAction<S extends z.ZodType>(
  schema: S,
  fn: (data: z.infer<S>, ctx: Meta & Awaited<ReturnType<typeof requireWorkspaceAdmin>>) => Promise<FormState | void>,
  opts: { role?: MemberRole } = {},
) {
  return action(schema, async (data, meta) => {
    const slug = String((data as { workspace?: unknown }).workspace ?? "");
    const ctx = await requireWorkspaceAdmin(slug, "member");
    const needed = opts.role ?? "member";
    if (!roleAtLeast(ctx.role, needed)) return { error: `Only a workspace ${needed} or owner can do this.` };
    return fn(data, { ...meta, ...ctx });
  });
}

export type AdminActionCtx = Meta & Awaited<ReturnType<typeof requireWorkspaceAdmin>>;

/** The domain context of an admin action: the authorized workspace, the admin, the request. */
export const adminCtx = (c: AdminActionCtx): Ctx => ({ workspace: c.workspace, actor: { type: "admin", id: c.admin.id }, request: c.request });

/**
 * The answer of a dashboard create/edit action: the fields to fix, or — with the list page
 * refreshed — the new record's page after a create, or "saved" after an edit.
 */
export function savedRecord(result: SaveResult, opts: { listPath: string; editing: boolean; message: string }): FormState {
  if (!result.ok) return { error: "Please correct the highlighted fields.", fieldErrors: result.fieldErrors };
  revalidatePath(opts.listPath);
  if (!opts.editing) redirect(`${opts.listPath}/${result.id}`);
  return { ok: true, message: opts.message };
}

/** For the portal: the form carries `workspace`; the learner must be signed in to that workspace. */
export function learnerAction<S extends z.ZodType>(
  schema: S,
  fn: (data: z.infer<S>, ctx: Meta & { workspace: Workspace; contact: Contact }) => Promise<FormState | void>,
) {
  return action(schema, async (data, meta) => {
    const slug = String((data as { workspace?: unknown }).workspace ?? "");
    const workspace = await getWorkspaceBySlug(slug);
    const contact = workspace ? await currentLearner(workspace) : null;
    if (!workspace || !contact) redirect(workspace ? `/p/${workspace.slug}/login` : "/");
    if (await currentPreview(workspace)) return { error: "This is an admin's preview: nothing can be changed in the learner's name." };
    return fn(data, { ...meta, workspace, contact });
  });
}
