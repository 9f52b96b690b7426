/**
 * Reading the OpenAPI document (lib/api/openapi.ts) for the reference page: the few shapes it
 * uses, field rows from a JSON Schema, readable type names, and example values for the curl
 * lines. Pure functions; the page renders what they return.
 */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
};
export type Parameter = { name: string; in: "path" | "query" | "header"; required?: boolean; description?: string; schema: Schema };
export type Response = { description: string; content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> };
export type OperationObject = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  "x-required-scope": string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, Response | { $ref: string }>;
};
export type Document = {
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OperationObject>>;
  /** What Portico POSTs to webhook endpoints, by event type. */
  webhooks: Record<string, { post: Omit<OperationObject, "parameters" | "x-required-scope" | "responses"> & { parameters: Parameter[]; responses: Record<string, { description: string }> } }>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter>; responses: Record<string, Response> };
};

export type Field = { name: string; type: TypeName; required: boolean; description?: string; notes: string[]; location?: string };
/** A type as text, with the component it names (for a link), if any. */
export type TypeName = { text: string; ref?: string };

export const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);

export function deref<T>(doc: Document, node: T | { $ref: string }): T {
  if (node && typeof node === "object" && "$ref" in node && typeof node.$ref === "string") {
    const found = node.$ref.slice(2).split("/").reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], doc);
    return deref(doc, found as T);
  }
  return node as T;
}

export function typeName(s: Schema): TypeName {
  if (s.$ref) return { text: refName(s.$ref), ref: refName(s.$ref) };
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    const names = variants.map(typeName);
    return { text: names.map((n) => n.text).join(" | "), ref: names.find((n) => n.ref)?.ref };
  }
  if (s.const !== undefined) return { text: JSON.stringify(s.const) };
  if (s.enum) return { text: s.enum.map((v) => JSON.stringify(v)).join(" | ") };
  if (Array.isArray(s.type)) return { text: s.type.map((t) => typeName({ ...s, type: t }).text).join(" | ") };
  if (s.type === "array") {
    const item = s.items ? typeName(s.items) : { text: "unknown" };
    return { text: item.text.includes(" | ") ? `(${item.text})[]` : `${item.text}[]`, ref: item.ref };
  }
  if (s.type === "object" && !s.properties) return { text: "object" };
  if (s.type === "string" && s.format) return { text: `string (${s.format})` };
  return { text: s.type ?? "any" };
}

/** Limits and defaults worth a reader's eye: "1–100 characters", "default 50". */
export function notes(s: Schema): string[] {
  const out: string[] = [];
  const range = (lo: number | undefined, hi: number | undefined, unit: string) => {
    if (lo === Number.MIN_SAFE_INTEGER) lo = undefined; // zod's .int() bounds: any integer JavaScript holds exactly
    if (hi === Number.MAX_SAFE_INTEGER) hi = undefined;
    if (lo !== undefined && hi !== undefined) out.push(`${lo}–${hi}${unit}`);
    else if (hi !== undefined) out.push(`at most ${hi}${unit}`);
    else if (lo !== undefined && lo > 0) out.push(`at least ${lo}${unit}`);
  };
  range(s.minLength, s.maxLength, " characters");
  range(s.minimum, s.maximum, "");
  range(s.minItems, s.maxItems, " items");
  if (s.items) notes(s.items).forEach((n) => out.push(`each ${n}`));
  for (const v of s.anyOf ?? []) out.push(...notes(v));
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}

/** One row per property; inline objects (and arrays of them) open into `parent.child` / `parent[].child` rows. */
export function fieldsOf(doc: Document, schema: Schema, prefix = ""): Field[] {
  const s = prefix ? schema : deref(doc, schema);
  const rows: Field[] = [];
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    const full = `${prefix}${name}`;
    rows.push({ name: full, type: typeName(prop), required: s.required?.includes(name) ?? false, description: prop.description, notes: notes(prop) });
    if (prop.properties) rows.push(...fieldsOf(doc, prop, `${full}.`));
    else if (prop.type === "array" && prop.items?.properties) rows.push(...fieldsOf(doc, prop.items, `${full}[].`));
  }
  return rows;
}

const EXAMPLES: Record<string, unknown> = {
  email: "ada@example.com",
  first_name: "Ada",
  last_name: "Lovelace",
  phone: "+14155550123",
  tags: ["customer"],
  send_welcome_email: true,
  send_email: true,
  expires_in_hours: 24,
};
const UUID = "8b3c4a52-6f0e-4d4b-9a39-2f1d5e7c9a10";

function exampleValue(doc: Document, name: string, schema: Schema): unknown {
  if (name in EXAMPLES) return EXAMPLES[name];
  const s = deref(doc, schema);
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  if (s.anyOf) return exampleValue(doc, name, s.anyOf[0]!);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "array") return s.items ? [exampleValue(doc, name.replace(/s$/, ""), s.items)] : [];
  if (type === "object") return exampleBody(doc, s);
  if (type === "integer" || type === "number") return s.minimum ?? 1;
  if (type === "boolean") return true;
  if (s.format === "uuid") return UUID;
  if (s.format === "uri") return "https://example.com/portico-events";
  return name;
}

/** A body for the curl line: the required fields, and the optional ones with a known example. */
export function exampleBody(doc: Document, schema: Schema): Record<string, unknown> {
  const s = deref(doc, schema);
  const body: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(s.properties ?? {}))
    if (s.required?.includes(name) || name in EXAMPLES) body[name] = exampleValue(doc, name, prop);
  return body;
}

export const exampleParam = (doc: Document, p: Parameter) => exampleValue(doc, p.name, p.schema);
