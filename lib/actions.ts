/**
 * Server action wrappers: parse FormData with a zod schema, authorize, and turn expected
 * failures into form state. Handlers get typed data; unexpected errors propagate to error.tsx.
 */
import { headers } from "next/headers";
import type { z } from "zod";
import type { MemberRole } from "@/db/schema";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import type { RequestInfo } from "@/lib/context";
import { requestInfoFrom } from "@/lib/request-info";

export type FormState = {
  error?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  ok?: boolean;
  message?: string;
};

const SECRET_FIELD = /password|token|secret|code/i;

/** What the form showed, minus anything secret, so a failed submit keeps the user's input. */
export function echoValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !SECRET_FIELD.test(key) && !key.startsWith("$")) values[key] = value;
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

export function action<S extends z.ZodType>(schema: S, fn: (data: z.infer<S>, meta: Meta) => Promise<FormState | void>) {
  return async (_prev: FormState, formData: FormData): Promise<FormState> => {
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return { error: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error), values: echoValues(formData) };
    }
    const request = requestInfoFrom(await headers());
    const result = await fn(parsed.data, { request });
    return result ? { ...result, values: result.ok ? undefined : (result.values ?? echoValues(formData)) } : { ok: true };
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
    const ctx = await requireWorkspaceAdmin(slug, opts.role ?? "member");
    return fn(data, { ...meta, ...ctx });
  });
}
