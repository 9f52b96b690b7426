/**
 * The typed client's files, generated from the OpenAPI document (lib/api/openapi.ts):
 * `openapi.json` (the document as /api/v1/openapi.json serves it) and `portico-api.d.ts`
 * (its types, by openapi-typescript). `npm run api:types` writes them; lib/api/openapi.test.ts
 * regenerates them in memory and fails when the committed ones are out of date.
 */
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from "openapi-typescript";
import { openApiDocument } from "@/lib/api/openapi";

export const GENERATED = { json: "examples/api-client/openapi.json", types: "examples/api-client/portico-api.d.ts" } as const;

export const documentJson = (): string => `${JSON.stringify(openApiDocument(), null, 2)}\n`;

export async function clientTypes(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as unknown as OpenAPI3, { silent: true });
  return `${COMMENT_HEADER.replace("the file.", "the file: run `npm run api:types`.")}${astToString(ast)}`;
}
