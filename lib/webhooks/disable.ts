/**
 * Turning off an endpoint that keeps failing (lib/webhooks/deliver.ts decides when): once, in the
 * transaction that records the failure, with the reason, an audit entry, and an email to each
 * owner of the workspace (the outbox sends it after commit).
 */
import { createElement } from "react";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { teamMembers, webhookEndpoints, workspaceMembers, workspaces, type WebhookEndpoint } from "@/db/schema";
import WebhookDisabled, { webhookDisabledSubject } from "@/emails/webhook-disabled";
import { recordAudit } from "@/lib/audit/record";
import { appUrl } from "@/lib/env";
import { queueEmail } from "@/lib/mail/outbox";

/** The dashboard page of a workspace's webhook endpoints (linked from the email). */
export const endpointsPageUrl = (slug: string) => `${appUrl}/admin/${slug}/settings/webhooks`;

/** Disables the endpoint if it is still on; true when this call did (and queued the emails). */
export async function disableEndpoint(tx: Tx, endpoint: Pick<WebhookEndpoint, "id" | "workspaceId" | "url">, reason: string): Promise<boolean> {
  const [off] = await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason.slice(0, 1000), disabledAt: sql`now()` })
    .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.enabled, true)))
    .returning({ id: webhookEndpoints.id });
  if (!off) return false;
  const [ws] = await tx.select().from(workspaces).where(eq(workspaces.id, endpoint.workspaceId));
  const owners = await tx
    .select({ id: teamMembers.id, email: teamMembers.email, name: teamMembers.name })
    .from(workspaceMembers)
    .innerJoin(teamMembers, eq(teamMembers.id, workspaceMembers.teamMemberId))
    .where(and(eq(workspaceMembers.workspaceId, endpoint.workspaceId), eq(workspaceMembers.role, "owner")));
  const url = endpointsPageUrl(ws!.slug);
  for (const o of owners) {
    await queueEmail(tx, {
      workspaceId: endpoint.workspaceId,
      teamMemberId: o.id,
      template: "webhook_endpoint_disabled",
      to: o.email,
      subject: webhookDisabledSubject(ws!.name),
      element: createElement(WebhookDisabled, { brand: { name: "Portico" }, name: o.name, workspace: ws!.name, endpointUrl: endpoint.url, reason, url }),
      links: [url],
    });
  }
  await recordAudit(tx, { workspaceId: endpoint.workspaceId, actor: { type: "system" }, action: "webhook_endpoint.auto_disabled", data: { endpointId: endpoint.id, url: endpoint.url, reason, emailed: owners.length } });
  return true;
}
