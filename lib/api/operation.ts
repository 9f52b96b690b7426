/**
 * One /api/v1 operation (issue 16): its method and path (OpenAPI template, `{id}`), the scope it
 * needs, and the zod schemas of its query, body and answers. The route handler is built from it
 * (`apiRoute(op, handler)` in lib/api/http.ts) and the OpenAPI document is generated from the
 * list of all of them (lib/api/operations.ts), so the two cannot disagree.
 *
 * Route files live where Next expects them: `/contacts/{id}/offers` →
 * `app/api/v1/contacts/[id]/offers/route.ts`, exporting the method's name.
 */
import type { z } from "zod";
import type { Scope } from "./scopes";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type Operation = {
  /** camelCase, unique: the OpenAPI operationId. */
  id: string;
  method: Method;
  /** Below /api/v1, with `{param}` placeholders. */
  path: string;
  scope: Scope;
  /** Tag in the reference (Contacts, Access, Groups, Links, Events, Webhooks). */
  tag: string;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /**
   * A write that must not run twice (it mints, sends or creates something new each time): when
   * the first request with an Idempotency-Key died before it answered, a retry with that key is
   * refused (422) instead of run again, since the first may have taken effect (lib/api/idempotency.ts).
   */
  onceOnly?: true;
  /** Status → what it means and, when it has one, the JSON body's schema. Errors (problem+json) are added for every operation. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
};

export const defineOperation = <O extends Operation>(op: O): O => op;

/** The route file an operation's handler lives in, relative to the project root. */
export const routeFileOf = (op: Pick<Operation, "path">) => `app/api/v1${op.path.replace(/\{(\w+)\}/g, "[$1]")}/route.ts`;
