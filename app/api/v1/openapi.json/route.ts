/** The OpenAPI 3.1 document of /api/v1 (lib/api/openapi.ts): public, no key, the same for every workspace. */
import { openApiDocument } from "@/lib/api/openapi";

let body: string | undefined; // the operations are fixed per build: generate once per process

export function GET(): Response {
  body ??= JSON.stringify(openApiDocument());
  return new Response(body, { headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } });
}
