/** What an API key may do (issue 16). Each /api/v1 route names the one scope it needs. */
export const SCOPES = {
  "contacts:read": "Read contacts, their tags and grants; offers and products",
  "contacts:write": "Create and update contacts and their tags",
  "access:write": "Grant and revoke offers; add to and remove from groups",
  "links:write": "Create magic links and send login emails",
  "events:read": "Read the event log",
  "webhooks:manage": "Manage webhook endpoints and their deliveries (whose bodies carry the contacts' data)",
} as const;

export type Scope = keyof typeof SCOPES;
export const SCOPE_NAMES = Object.keys(SCOPES) as [Scope, ...Scope[]];
