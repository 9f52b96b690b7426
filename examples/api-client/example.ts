/**
 * A typed Portico client in a few lines: openapi-fetch with the types generated from the OpenAPI
 * document (`npm run api:types` → portico-api.d.ts). Paths, parameters, bodies and answers are
 * checked by TypeScript; a typo in a field or a missing path parameter does not compile.
 *
 *   PORTICO_URL=https://portal.example.com PORTICO_KEY=pk_… OFFER_ID=<uuid> npx tsx examples/api-client/example.ts
 */
import createClient from "openapi-fetch";
import type { components, paths } from "./portico-api";

type Contact = components["schemas"]["Contact"];
type Problem = components["schemas"]["Problem"];

export function porticoClient(baseUrl: string, key: string) {
  return createClient<paths>({ baseUrl: `${baseUrl.replace(/\/$/, "")}/api/v1`, headers: { authorization: `Bearer ${key}` } });
}

const explain = (p: Problem) => `${p.status} ${p.title}${p.detail ? `: ${p.detail}` : ""}`;

/** Creates or updates the buyer by email, then grants the offer they paid for (once, however often this runs for the order). */
export async function grantAfterPurchase(client: ReturnType<typeof porticoClient>, order: { id: string; email: string; firstName: string; offerId: string }): Promise<Contact> {
  const upsert = await client.PUT("/contacts", {
    params: { query: { email: order.email }, header: { "Idempotency-Key": `order-${order.id}-contact` } },
    body: { first_name: order.firstName, tags: ["customer"] },
  });
  if (upsert.error) throw new Error(`Upsert failed: ${explain(upsert.error)}`);
  const contact = upsert.data;

  const grant = await client.POST("/contacts/{id}/offers", {
    params: { path: { id: contact.id }, header: { "Idempotency-Key": `order-${order.id}-grant` } },
    body: { offer_id: order.offerId, send_welcome_email: true },
  });
  if (grant.error) throw new Error(`Grant failed: ${explain(grant.error)}`);
  console.log(grant.data.created ? `Granted ${grant.data.grant.offer_title} to ${contact.email}` : `${contact.email} already had ${grant.data.grant.offer_title}`);
  return contact;
}

if (process.argv[1]?.endsWith("example.ts")) {
  const { PORTICO_URL, PORTICO_KEY, OFFER_ID } = process.env;
  if (!PORTICO_URL || !PORTICO_KEY || !OFFER_ID) throw new Error("Set PORTICO_URL, PORTICO_KEY (scopes contacts:write and access:write) and OFFER_ID.");
  await grantAfterPurchase(porticoClient(PORTICO_URL, PORTICO_KEY), { id: "demo-1", email: "ada@example.com", firstName: "Ada", offerId: OFFER_ID });
}
