import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GET } from "@/app/api/v1/openapi.json/route";
import { clientTypes, documentJson, GENERATED } from "@/examples/api-client/generate";
import { defineOperation } from "./operation";
import { openApiDocument } from "./openapi";
import { OPERATIONS } from "./operations";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPE_NAMES } from "@/lib/webhooks/event-types";

type Json = Record<string, unknown>;
const doc = openApiDocument() as Json & { paths: Record<string, Record<string, Json>>; components: Json & { schemas: Record<string, Json> } };
const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op: op as Json })));

/** Every value under `node` with the JSON pointer that leads to it. */
function* walk(node: unknown, pointer = "#"): Generator<[string, unknown]> {
  yield [pointer, node];
  if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) yield* walk(v, `${pointer}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`);
}
const resolve = (ref: string): unknown =>
  ref
    .slice(2)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((at, key) => (at && typeof at === "object" ? (at as Json)[key] : undefined), doc);
const deref = (node: Json): Json => (typeof node.$ref === "string" ? deref(resolve(node.$ref) as Json) : node);

describe("the OpenAPI document of /api/v1 (issue 16)", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("has only valid JSON Schema 2020-12 (OpenAPI 3.1's dialect) in its schemas", () => {
    const ajv = new Ajv2020();
    const schemas = [...walk(doc)].filter(([p]) => /\/(schema|schemas\/[^/]+)$/.test(p) && !p.includes("/properties/"));
    expect(schemas.length).toBeGreaterThan(50);
    for (const [pointer, schema] of schemas) expect(ajv.validateSchema(schema as Json), `${pointer}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
  });

  it("has one operation per entry of OPERATIONS, with unique operationIds", () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(OPERATIONS.map((o) => o.id).sort());
    for (const op of OPERATIONS) expect(doc.paths[op.path]?.[op.method.toLowerCase()]?.operationId).toBe(op.id);
  });

  it("resolves every $ref inside the document", () => {
    const refs = [...walk(doc)].filter(([p, v]) => p.endsWith("/$ref") && typeof v === "string").map(([, v]) => v as string);
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((r) => !r.startsWith("#/") || resolve(r) === undefined)).toEqual([]);
  });

  it("declares every path template parameter as a required path parameter, and no other", () => {
    for (const { path, op } of operations) {
      const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = ((op.parameters as Json[] | undefined) ?? []).map(deref).filter((p) => p.in === "path");
      expect(declared.map((p) => p.name), `${op.operationId}`).toEqual(inTemplate);
      for (const p of declared) expect(p.required).toBe(true);
    }
  });

  it("names the scope of each operation, and the problem answers that apply to it", () => {
    const errorStatuses = (id: string) => {
      const found = operations.find((o) => o.op.operationId === id)!;
      return Object.keys(found.op.responses as Json).filter((s) => Number(s) >= 400);
    };
    expect(errorStatuses("listOffers")).toEqual(["401", "403", "429", "500"]);
    expect(errorStatuses("listContacts")).toEqual(["401", "403", "422", "429", "500"]);
    expect(errorStatuses("getContact")).toEqual(["401", "403", "404", "429", "500"]);
    expect(errorStatuses("grantOffer")).toEqual(["400", "401", "403", "404", "409", "413", "415", "422", "429", "500"]);
    expect(errorStatuses("revokeOffer")).toEqual(["401", "403", "404", "409", "422", "429", "500"]);
    for (const { method, op } of operations) {
      const source = OPERATIONS.find((o) => o.id === op.operationId)!;
      expect(op["x-required-scope"]).toBe(source.scope);
      expect(op.security).toEqual([{ bearerAuth: [source.scope] }]);
      expect(op.description).toContain(`\`${source.scope}\``);
      const idempotency = ((op.parameters as Json[] | undefined) ?? []).some((p) => p.$ref === "#/components/parameters/IdempotencyKey");
      expect(idempotency, `${op.operationId} Idempotency-Key`).toBe(method !== "get");
      for (const [status, r] of Object.entries(op.responses as Record<string, Json>)) {
        const response = deref(r);
        if (Number(status) >= 400) expect(response.content).toEqual({ "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } });
        if (status !== "401") expect(Object.keys(response.headers as Json)).toEqual(expect.arrayContaining(["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]));
        if (status === "429") expect(response.headers).toHaveProperty("Retry-After");
      }
    }
  });

  it("takes requests as zod reads them and answers as the handlers write them, named schemas as components", () => {
    const grant = doc.paths["/contacts/{id}/offers"]!.post!;
    const body = (grant.requestBody as { content: Record<string, { schema: Json }> }).content["application/json"]!.schema;
    expect(body.required).toEqual(["offer_id"]); // send_welcome_email has a default: optional on the way in
    expect(body.additionalProperties).toBe(false);
    const list = doc.paths["/contacts"]!.get!.parameters as Json[];
    expect(list.find((p) => p.name === "limit")).toMatchObject({ in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } });
    expect(doc.components.schemas.ContactPage).toMatchObject({ properties: { data: { items: { $ref: "#/components/schemas/Contact" } } } });
    expect(doc.components.schemas.Contact!.required).toContain("portal_status");
    expect(doc.components.schemas.Contact!.additionalProperties).toBeUndefined();
    expect(Object.keys(doc.components.schemas)).toEqual([...Object.keys(doc.components.schemas)].sort());
  });

  it("names a schema whose input and output differ <id>Input on the way in", () => {
    const both = z.object({ n: z.number(), flag: z.boolean().default(false) }).meta({ id: "TestBoth" });
    const op = defineOperation({ id: "testBoth", method: "POST", path: "/test", scope: "contacts:write", tag: "Contacts", summary: "Test", body: both, responses: { 200: { description: "Ok", schema: both } } });
    const d = openApiDocument([op]) as { components: { schemas: Record<string, Json> }; paths: Record<string, Record<string, Json>> };
    expect(d.components.schemas.TestBoth!.required).toEqual(["n", "flag"]);
    expect(d.components.schemas.TestBothInput!.required).toEqual(["n"]);
    expect(d.paths["/test"]!.post!.requestBody).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/TestBothInput" } } } });
    expect(() => openApiDocument([{ ...op, tag: "Nowhere" }])).toThrow(/Nowhere/);
    const query = z.object({ q: z.string().describe("Search.") });
    const twice = openApiDocument([0, 1].map((i) => ({ ...op, id: `q${i}`, path: `/q${i}`, method: "GET" as const, body: undefined, query }))) as typeof d;
    for (const i of [0, 1]) expect(twice.paths[`/q${i}`]!.get!.parameters).toEqual([{ name: "q", in: "query", required: true, description: "Search.", schema: { type: "string" } }]);
  });

  it("describes every webhook an endpoint can hear, and the test event, as a signed WebhookPayload POST", () => {
    const hooks = doc.webhooks as Record<string, { post: { parameters: { name: string }[]; requestBody: { content: Record<string, { schema: { allOf: unknown[] } }> } } }>;
    expect(Object.keys(hooks).sort()).toEqual([...WEBHOOK_EVENT_TYPE_NAMES, TEST_EVENT_TYPE].sort());
    for (const [type, h] of Object.entries(hooks)) {
      expect(h.post.parameters.map((p) => p.name)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
      expect(h.post.requestBody.content["application/json"]!.schema.allOf).toEqual([{ $ref: "#/components/schemas/WebhookPayload" }, { type: "object", properties: { type: { const: type } } }]);
    }
  });

  it("is the same every time it is generated", () => {
    expect(JSON.stringify(openApiDocument())).toBe(JSON.stringify(doc));
  });

  it("is served at /api/v1/openapi.json without a key, cacheable", async () => {
    const res = GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await res.json()).toEqual(doc);
  });

  it("matches the committed copy and client types in examples/api-client (run `npm run api:types` after changing an operation)", async () => {
    expect(readFileSync(GENERATED.json, "utf8")).toBe(documentJson());
    expect(readFileSync(GENERATED.types, "utf8")).toBe(await clientTypes());
  });
});
