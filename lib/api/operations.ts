/** Every /api/v1 operation, for the OpenAPI document (lib/api/openapi.ts) and the route tests. */
import type { Operation } from "./operation";
import { accessOps } from "./ops/access";
import { contactOps } from "./ops/contacts";
import { webhookOps } from "./ops/webhooks";

export const OPERATIONS: Operation[] = [...Object.values(contactOps), ...Object.values(accessOps), ...Object.values(webhookOps)];
