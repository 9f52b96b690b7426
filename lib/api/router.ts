/**
 * Every /api/v1 route module by path, and the lookup from method and path to its handler
 * (issue 16). The production server answers /api/v1 itself with it (lib/http/fast-routes.ts: a
 * request through Next's router costs ≈ 2 ms of CPU before any of our code runs), Next answers
 * the same route files under `npm run dev`, and the tests call it over HTTP (test/api-http.ts):
 * one set of handlers, three ways in. lib/api/coverage.test.ts checks it against OPERATIONS.
 */
import type { Method, Operation } from "./operation";
import { OPERATIONS } from "./operations";
import * as r_contacts_id_magic_links from "@/app/api/v1/contacts/[id]/magic-links/route";
import * as r_contacts_id_offers_offer from "@/app/api/v1/contacts/[id]/offers/[offer]/route";
import * as r_contacts_id_offers from "@/app/api/v1/contacts/[id]/offers/route";
import * as r_contacts_id from "@/app/api/v1/contacts/[id]/route";
import * as r_contacts_id_tags_tag from "@/app/api/v1/contacts/[id]/tags/[tag]/route";
import * as r_contacts_id_tags from "@/app/api/v1/contacts/[id]/tags/route";
import * as r_contacts from "@/app/api/v1/contacts/route";
import * as r_events from "@/app/api/v1/events/route";
import * as r_groups_id_members_contact from "@/app/api/v1/groups/[id]/members/[contact]/route";
import * as r_groups_id_members from "@/app/api/v1/groups/[id]/members/route";
import * as r_groups from "@/app/api/v1/groups/route";
import * as r_login_emails from "@/app/api/v1/login-emails/route";
import * as r_offers_id from "@/app/api/v1/offers/[id]/route";
import * as r_offers from "@/app/api/v1/offers/route";
import * as r_products_id from "@/app/api/v1/products/[id]/route";
import * as r_webhook_endpoints_id_deliveries_delivery_redeliver from "@/app/api/v1/webhook-endpoints/[id]/deliveries/[delivery]/redeliver/route";
import * as r_webhook_endpoints_id_deliveries_delivery from "@/app/api/v1/webhook-endpoints/[id]/deliveries/[delivery]/route";
import * as r_webhook_endpoints_id_deliveries from "@/app/api/v1/webhook-endpoints/[id]/deliveries/route";
import * as r_webhook_endpoints_id_rotate_secret from "@/app/api/v1/webhook-endpoints/[id]/rotate-secret/route";
import * as r_webhook_endpoints_id from "@/app/api/v1/webhook-endpoints/[id]/route";
import * as r_webhook_endpoints_id_test from "@/app/api/v1/webhook-endpoints/[id]/test/route";
import * as r_webhook_endpoints from "@/app/api/v1/webhook-endpoints/route";
import * as r_products from "@/app/api/v1/products/route";

type RouteHandler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<Method, RouteHandler>>;

/** Path template (as in the operations) → its route file's module (app/api/v1/…/route.ts). */
export const ROUTE_MODULES: Record<string, RouteModule> = {
  "/contacts/{id}/magic-links": r_contacts_id_magic_links,
  "/contacts/{id}/offers/{offer}": r_contacts_id_offers_offer,
  "/contacts/{id}/offers": r_contacts_id_offers,
  "/contacts/{id}": r_contacts_id,
  "/contacts/{id}/tags/{tag}": r_contacts_id_tags_tag,
  "/contacts/{id}/tags": r_contacts_id_tags,
  "/contacts": r_contacts,
  "/events": r_events,
  "/groups/{id}/members/{contact}": r_groups_id_members_contact,
  "/groups/{id}/members": r_groups_id_members,
  "/groups": r_groups,
  "/login-emails": r_login_emails,
  "/offers/{id}": r_offers_id,
  "/offers": r_offers,
  "/products/{id}": r_products_id,
  "/products": r_products,
  "/webhook-endpoints/{id}/deliveries/{delivery}/redeliver": r_webhook_endpoints_id_deliveries_delivery_redeliver,
  "/webhook-endpoints/{id}/deliveries/{delivery}": r_webhook_endpoints_id_deliveries_delivery,
  "/webhook-endpoints/{id}/deliveries": r_webhook_endpoints_id_deliveries,
  "/webhook-endpoints/{id}/rotate-secret": r_webhook_endpoints_id_rotate_secret,
  "/webhook-endpoints/{id}": r_webhook_endpoints_id,
  "/webhook-endpoints/{id}/test": r_webhook_endpoints_id_test,
  "/webhook-endpoints": r_webhook_endpoints,
} as unknown as Record<string, RouteModule>;

const routes = OPERATIONS.map((op) => {
  const names: string[] = [];
  const re = new RegExp(`^/api/v1${op.path.replace(/\{(\w+)\}/g, (_m, n: string) => (names.push(n), "([^/]+)"))}$`);
  return { op, re, names, handler: ROUTE_MODULES[op.path]?.[op.method] };
});

export type Resolved = { op: Operation; handler: RouteHandler; params: Record<string, string> };

/** The handler for a request and its path params, or the status to answer: 404 (no such path), 405 (not with this method). */
export function resolveApi(method: string, pathname: string): Resolved | { status: 404 | 405 } {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.re.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.op.method !== method || !r.handler) continue;
    let values: string[];
    try {
      values = m.slice(1).map(decodeURIComponent);
    } catch {
      return { status: 404 };
    }
    return { op: r.op, handler: r.handler, params: Object.fromEntries(r.names.map((n, i) => [n, values[i]!])) };
  }
  return { status: pathMatched ? 405 : 404 };
}

/** Operations without a handler here (lib/api/coverage.test.ts fails on any). */
export const unrouted = () => routes.filter((r) => !r.handler).map((r) => `${r.op.method} ${r.op.path}`);
