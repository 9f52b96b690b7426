/**
 * The OpenAPI 3.1 document of /api/v1 (issue 16), generated from OPERATIONS (and, for its
 * `webhooks`, the event types and lib/webhooks/payload.ts's schema) and nothing else, so it
 * cannot drift from the handlers. Served at /api/v1/openapi.json, rendered at /api/docs, and
 * the source of the typed client (examples/api-client, `npm run api:types`).
 *
 * Schemas come from zod 4's own `z.toJSONSchema`: its draft 2020-12 output is OpenAPI 3.1's
 * dialect, so nothing needs translating. Requests are converted as zod reads them (`io: "input"`:
 * defaults make a field optional, coerced query numbers are numbers) and answers as the handlers
 * write them (`io: "output"`). A schema with `.meta({ id })` becomes `components.schemas.<id>`
 * through a registry conversion whose `uri` points at the components. The output is
 * deterministic: paths, methods and components in a fixed order.
 */
import { z } from "zod";
import type { Method, Operation } from "./operation";
import { OPERATIONS } from "./operations";
import { idParam, tagSchema } from "./schemas";
import { SCOPES } from "./scopes";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";
import { webhookPayloadSchema } from "@/lib/webhooks/payload";

type Json = Record<string, unknown>;
type Io = "input" | "output";

/** Every tag an operation may name, in the reference's order. */
export const TAGS: Record<string, string> = {
  Contacts: "People in the workspace: list with filters and a stable cursor, upsert by email, update, tags.",
  Access: "Offers and the products (courses) they open; granting and revoking a contact's offers.",
  Groups: "Community groups and their members.",
  Links: "Magic links that sign a contact in, and login emails.",
  Events: "The workspace's event log, read with a cursor for reconciliation.",
  Webhooks: "Endpoints that receive signed events, their deliveries, redelivery and test events.",
};

const METHOD_ORDER: Method[] = ["GET", "PUT", "POST", "PATCH", "DELETE"];

const problem = z.object({
  type: z.string().describe("Always about:blank: the status and title say what happened."),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional().describe("What to change, in a sentence."),
  errors: z.record(z.string(), z.string()).optional().describe("Field (dotted path, a query parameter or Idempotency-Key) → what is wrong with it."),
});

const RATE = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"] as const;
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const rateHeaders = () => Object.fromEntries(RATE.map((h) => [h, headerRef(h)]));
const schemaRef = (name: string) => `#/components/schemas/${name}`;
const problemContent = { "application/problem+json": { schema: { $ref: schemaRef("Problem") } } };

/** The error answers, by status: the name in components.responses, when it applies, and its meaning. */
const ERRORS: { status: number; name: string; applies: (op: Operation) => boolean; description: string; headers?: () => Json }[] = [
  { status: 400, name: "MalformedJson", applies: (op) => !!op.body, description: "The body is not valid JSON." },
  { status: 401, name: "Unauthorized", applies: () => true, description: "No API key, or it is unknown, revoked or expired.", headers: () => ({ "WWW-Authenticate": headerRef("WWW-Authenticate") }) },
  { status: 403, name: "Forbidden", applies: () => true, description: "The key does not have this operation's scope." },
  { status: 404, name: "NotFound", applies: (op) => op.path.includes("{"), description: "No such resource in this workspace (another workspace's ids are not found either)." },
  { status: 409, name: "IdempotencyInProgress", applies: (op) => op.method !== "GET", description: "A request with this Idempotency-Key is still being handled; retry after Retry-After seconds to get its answer.", headers: () => ({ "Retry-After": headerRef("Retry-After") }) },
  { status: 413, name: "ContentTooLarge", applies: (op) => !!op.body, description: "The body is over 256 kB." },
  { status: 415, name: "UnsupportedMediaType", applies: (op) => !!op.body, description: "The body is not sent as Content-Type: application/json." },
  {
    status: 422,
    name: "Unprocessable",
    applies: (op) => !!(op.query || op.body) || op.method !== "GET",
    description: "A field is not valid (`errors` names each one), or the Idempotency-Key is malformed or was used for another request in the last 24 hours.",
  },
  { status: 429, name: "TooManyRequests", applies: () => true, description: "Over the key's rate limit; retry after Retry-After seconds.", headers: () => ({ "Retry-After": headerRef("Retry-After") }) },
  { status: 500, name: "InternalError", applies: () => true, description: "An unexpected failure, logged on our side. It is not stored for the Idempotency-Key: a retry runs again." },
];

/** `{id}` after `/contacts` → "The contact's id."; `{offer}` → "The offer's id."; `{tag}` → the tag. */
function pathParameter(path: string, name: string): Json {
  if (name === "tag") return { name, in: "path", required: true, description: "The tag, URL-encoded.", schema: convert.single(tagSchema) };
  const before = path.split("/")[path.split("/").indexOf(`{${name}}`) - 1] ?? "";
  const noun = name === "id" ? before.replace(/ies$/, "y").replace(/s$/, "").replace(/-/g, " ") : name;
  return { name, in: "path", required: true, description: `The ${noun}'s id.`, schema: convert.single(idParam) };
}

const convert = {
  /** Drops each schema's own `$schema`/`$id`: the document's dialect and place say both. */
  clean(json: Json): Json {
    return Object.fromEntries(Object.entries(json).filter(([k]) => k !== "$schema" && k !== "$id"));
  },
  /**
   * Leaves out zod's regexes for formats JSON Schema names (uuid, date-time), and
   * `additionalProperties: false` on answers: they may gain fields, which clients ignore.
   */
  override: (io: Io) => ({ jsonSchema }: { jsonSchema: Json }) => {
    if (typeof jsonSchema.format === "string" && ["uuid", "date-time", "date", "email"].includes(jsonSchema.format)) delete jsonSchema.pattern;
    if (io === "output" && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
  },
  single(schema: z.ZodType): Json {
    return convert.clean(z.toJSONSchema(schema, { io: "input", override: convert.override("input") }) as Json);
  },
  /**
   * Converts `roots` (key → schema; named ones under their id) and every named schema they reach.
   * Returns key → JSON Schema; named schemas are referenced as `#/components/schemas/<rename(id)>`.
   */
  many(roots: Map<string, z.ZodType>, io: Io, rename: (id: string) => string = (id) => id): Map<string, Json> {
    const named = new Map<string, z.ZodType>();
    const collect = ({ zodSchema }: { zodSchema: unknown }) => {
      const id = z.globalRegistry.get(zodSchema as z.ZodType)?.id;
      if (id && zodSchema !== named.get(id)) {
        if (named.has(id)) throw new Error(`Two different schemas have the id "${id}".`);
        named.set(id, zodSchema as z.ZodType);
      }
    };
    const registryOf = (entries: Iterable<[string, z.ZodType]>) => {
      const reg = z.registry<{ id: string }>();
      for (const [id, schema] of entries) if (!reg.has(schema)) reg.add(schema, { id });
      return reg;
    };
    z.toJSONSchema(registryOf(roots), { io, override: collect }); // finds the named schemas the roots reach
    const all = new Map([...named, ...[...roots].filter(([, s]) => ![...named.values()].includes(s))]);
    const { schemas } = z.toJSONSchema(registryOf(all), { io, uri: (id) => schemaRef(rename(id)), override: convert.override(io), unrepresentable: "throw" });
    if ("__shared" in schemas) throw new Error("A schema could not be placed in components (a cycle without an id?).");
    const out = new Map(Object.entries(schemas).map(([k, v]) => [k, convert.clean(v as Json)]));
    const text = JSON.stringify([...out.values()]);
    for (const key of all.keys()) if (key.startsWith("~") && text.includes(`"${schemaRef(key)}"`)) throw new Error(`${key} is used inside another schema: give it .meta({ id }).`);
    return out;
  },
};

/** Schemas of every operation, both ways; a named schema whose input and output differ is `<id>Input` on the way in. */
function schemasOf(ops: Operation[]) {
  const keys = new Map<z.ZodType, string>(); // an unnamed schema used twice keeps its first key
  const idOf = (s: z.ZodType, fallback: string) => {
    const key = (z.globalRegistry.get(s)?.id as string | undefined) ?? keys.get(s) ?? fallback;
    keys.set(s, key);
    return key;
  };
  const inRoots = new Map<string, z.ZodType>();
  const outRoots = new Map<string, z.ZodType>([["Problem", problem]]);
  for (const op of ops) {
    if (op.query) inRoots.set(idOf(op.query, `~${op.id}.query`), op.query);
    if (op.body) inRoots.set(idOf(op.body, `~${op.id}.body`), op.body);
    for (const [status, r] of Object.entries(op.responses)) if (r.schema) outRoots.set(idOf(r.schema, `~${op.id}.${status}`), r.schema);
  }
  const output = convert.many(outRoots, "output");
  let input = convert.many(inRoots, "input");
  const differ = [...input.keys()].filter((k) => !k.startsWith("~") && output.has(k) && JSON.stringify(output.get(k)) !== JSON.stringify(input.get(k)));
  const rename = (id: string) => (differ.includes(id) ? `${id}Input` : id);
  if (differ.length) {
    input = new Map([...convert.many(inRoots, "input", rename)].map(([k, v]) => [rename(k), v]));
  }
  const components = Object.fromEntries(
    [...output, ...input].filter(([k]) => !k.startsWith("~")).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const refOrInline = (m: Map<string, Json>, s: z.ZodType, key: string): Json => {
    const id = idOf(s, key);
    if (id.startsWith("~")) return m.get(id)!;
    return { $ref: schemaRef(m === input ? rename(id) : id) };
  };
  return {
    components,
    query: (op: Operation) => (op.query ? input.get(rename(idOf(op.query, `~${op.id}.query`))) : undefined),
    body: (op: Operation) => refOrInline(input, op.body!, `~${op.id}.body`),
    response: (op: Operation, status: string, s: z.ZodType) => refOrInline(output, s, `~${op.id}.${status}`),
  };
}

const ONCE_ONLY =
  "With an `Idempotency-Key`: if the first request with the key was interrupted before it answered, a retry with the key gets a 422 instead of running again, because this operation makes something new each time.";

function operationObject(op: Operation, schemas: ReturnType<typeof schemasOf>): Json {
  const write = op.method !== "GET";
  const query = schemas.query(op) as { properties?: Record<string, Json>; required?: string[] } | undefined;
  const parameters = [
    ...[...op.path.matchAll(/\{(\w+)\}/g)].map((m) => pathParameter(op.path, m[1]!)),
    ...Object.entries(query?.properties ?? {}).map(([name, { description, ...schema }]) => ({
      name,
      in: "query",
      required: query?.required?.includes(name) ?? false,
      ...(description ? { description } : {}),
      schema,
    })),
    ...(write ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : []),
  ];
  const responses: Json = {};
  for (const [status, r] of Object.entries(op.responses).sort(([a], [b]) => Number(a) - Number(b))) {
    responses[status] = {
      description: r.description,
      headers: { ...rateHeaders(), ...(write ? { "Idempotent-Replayed": headerRef("Idempotent-Replayed") } : {}) },
      ...(r.schema ? { content: { "application/json": { schema: schemas.response(op, status, r.schema) } } } : {}),
    };
  }
  for (const e of ERRORS) if (e.applies(op)) responses[e.status] = { $ref: `#/components/responses/${e.name}` };
  const scope = `Requires the \`${op.scope}\` scope (${SCOPES[op.scope].toLowerCase()}).`;
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, scope, op.onceOnly ? ONCE_ONLY : undefined].filter(Boolean).join("\n\n"),
    "x-required-scope": op.scope,
    security: [{ bearerAuth: [op.scope] }],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schemas.body(op) } } } } : {}),
    responses,
  };
}

const INTRO = `Portico's public API: contacts, access, groups, links, events and webhooks of one workspace, as JSON over HTTPS.

**Authentication.** Create a key in Settings → API keys and send it as \`Authorization: Bearer pk_…\`. A key acts on its own workspace only, within its scopes; each operation names the scope it needs.

**Errors** are \`application/problem+json\` (RFC 9457) with \`status\`, \`title\`, \`detail\` and, for invalid fields, \`errors\` (field → message).

**Rate limit.** 600 requests a minute per key. Every answer after authentication carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\`; a 429 adds \`Retry-After\`.

**Idempotency.** Every PUT, POST, PATCH and DELETE accepts an \`Idempotency-Key\` header, kept 24 hours per key: the same key and request again returns the first answer (with \`Idempotent-Replayed: true\`) and does nothing twice; the same key with another request is a 422; while the first is still running, a 409.

**Lists** are pages with an opaque \`next\` cursor: pass it as \`after\` for the next page. Answers may gain fields over time; ignore the ones you do not know.`;

/** OpenAPI 3.1 `webhooks`: one entry per event type an endpoint can hear, and the test event; every body is a WebhookPayload. */
function webhooksSection(): { webhooks: Json; components: Map<string, Json> } {
  const components = convert.many(new Map([["WebhookPayload", webhookPayloadSchema as z.ZodType]]), "output");
  const header = (name: string, description: string) => ({ name, in: "header", required: true, description, schema: { type: "string" } });
  const parameters = [
    header("webhook-id", "The event's id: the same on every retry and redelivery of this message. Dedupe on it."),
    header("webhook-timestamp", "Unix seconds when this attempt was signed. Refuse a message more than 5 minutes old or ahead."),
    header("webhook-signature", "Standard Webhooks signature(s): `v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the endpoint's secret; two, space-separated, for 24 hours after a rotation."),
  ];
  const types: [string, { label: string; description: string }][] = [
    ...Object.entries(WEBHOOK_EVENT_TYPES),
    [TEST_EVENT_TYPE, { label: "Test event", description: "Sent by Send test event (dashboard or API) to one endpoint, whatever it subscribes to." }],
  ];
  const webhooks = Object.fromEntries(
    types.map(([type, t]) => [
      type,
      {
        post: {
          operationId: `webhook.${type}`,
          tags: ["Webhooks"],
          summary: t.label,
          description: `${t.description}\n\n${type === TEST_EVENT_TYPE ? "Portico POSTs this only to the endpoint it was sent to" : `Portico POSTs this to each enabled endpoint that subscribes to \`${type}\``}, signed with the endpoint's secret (Standard Webhooks).`,
          parameters,
          requestBody: { required: true, content: { "application/json": { schema: { allOf: [{ $ref: schemaRef("WebhookPayload") }, { type: "object", properties: { type: { const: type } } }] } } } },
          responses: {
            "2XX": { description: "Any 2xx within 10 s is a delivery. 408, 429, 5xx, timeouts and refused connections are retried for about a day; other answers (3xx included) fail the delivery at once." },
          },
        },
      },
    ]),
  );
  return { webhooks, components };
}

/** The OpenAPI 3.1 document of every operation in OPERATIONS. */
export function openApiDocument(ops: Operation[] = OPERATIONS): Json {
  const unknown = ops.filter((op) => !(op.tag in TAGS));
  if (unknown.length) throw new Error(`Operations with a tag lib/api/openapi.ts does not describe: ${unknown.map((o) => `${o.id} (${o.tag})`).join(", ")}`);
  const schemas = schemasOf(ops);
  const paths: Record<string, Json> = {};
  for (const path of [...new Set(ops.map((o) => o.path))].sort()) {
    const here = ops.filter((o) => o.path === path).sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
    paths[path] = Object.fromEntries(here.map((op) => [op.method.toLowerCase(), operationObject(op, schemas)]));
  }
  const integer = (description: string, required = false) => ({ description, required, schema: { type: "integer", minimum: 0 } });
  const hooks = webhooksSection();
  const clash = [...hooks.components.keys()].filter((k) => k in schemas.components);
  if (clash.length) throw new Error(`Webhook schemas and operation schemas share the ids ${clash.join(", ")}.`);
  const components = Object.fromEntries(Object.entries({ ...schemas.components, ...Object.fromEntries(hooks.components) }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    openapi: "3.1.0",
    info: { title: "Portico API", version: "1", description: INTRO },
    servers: [{ url: "/api/v1", description: "This Portico instance" }],
    tags: Object.entries(TAGS)
      .filter(([name]) => ops.some((o) => o.tag === name))
      .map(([name, description]) => ({ name, description })),
    paths,
    webhooks: hooks.webhooks,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "pk_…", description: "An API key from Settings → API keys." } },
      schemas: components,
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description: "Any unique string (a UUID is good), kept 24 hours: a retry with the same key and request gets the first answer again (2xx and 4xx alike, except 409 and 415, which ask for a retry) and nothing is done twice; the same key with another request is a 422.",
          schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
        },
      },
      headers: {
        "RateLimit-Limit": integer("Requests this key may make per minute.", true),
        "RateLimit-Remaining": integer("Requests left in the current minute.", true),
        "RateLimit-Reset": integer("Seconds until the count starts again.", true),
        "Retry-After": integer("Seconds to wait before trying again.", true),
        "Idempotent-Replayed": { description: "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.", required: false, schema: { type: "string", enum: ["true"] } },
        "WWW-Authenticate": { description: 'Bearer realm="portico"', required: true, schema: { type: "string" } },
      },
      responses: Object.fromEntries(
        ERRORS.map((e) => [e.name, { description: e.description, headers: { ...(e.status === 401 ? {} : rateHeaders()), ...e.headers?.() }, content: problemContent }]),
      ),
    },
  };
}
