/**
 * Call webhook: POSTs the run's event as JSON to the admin's URL, signed with the workspace's
 * Standard Webhooks secret. `webhook-id` is the step's key, the same on every retry, so a
 * receiver that saw the first attempt can drop the second. The URL is checked when the call
 * is made (lib/http/outbound.ts: https, public addresses only after DNS resolution, no redirects).
 */
import { db } from "@/db/client";
import { OutboundRefused, safeFetch } from "@/lib/http/outbound";
import { signedHeaders, workspaceWebhookSecret } from "../webhook-secret";
import { StepError, type ExternalStep, type StepEnv } from "./types";

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Calls in flight to one host per process: a host that answers slowly (or never) holds this many of the 8 lanes, not all of them. */
export const PER_HOST = 4;
const inFlight = new Map<string, number>();

/** The JSON body a webhook step sends (the test run shows the same). */
export function webhookPayload(s: Pick<StepEnv, "run" | "version" | "event" | "contact" | "index" | "workspace">) {
  const c = s.contact;
  return {
    type: `workflow.${s.event.type}`,
    timestamp: new Date().toISOString(),
    data: {
      workspace: { id: s.workspace.id, slug: s.workspace.slug },
      workflow: { id: s.version.workflowId, name: s.version.name, version: s.version.version },
      run: { id: s.run.id, step: s.index },
      event: { id: s.event.id, type: s.event.type, data: withoutCause(s.event.data), created_at: s.event.createdAt },
      contact: c ? { id: c.id, email: c.email, first_name: c.firstName, last_name: c.lastName, phone: c.phone, tags: c.tags } : null,
    },
  };
}

const withoutCause = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([k]) => k !== "cause"));

export const callWebhook: ExternalStep = {
  kind: "external",
  reserve(s) {
    let host: string;
    try {
      host = new URL(String(s.config.url)).host.toLowerCase();
    } catch {
      return () => {}; // the call itself says what is wrong with the URL
    }
    const n = inFlight.get(host) ?? 0;
    if (n >= PER_HOST) return null;
    inFlight.set(host, n + 1);
    return () => {
      const left = (inFlight.get(host) ?? 1) - 1;
      if (left <= 0) inFlight.delete(host);
      else inFlight.set(host, left);
    };
  },
  async run(s) {
    const url = String(s.config.url);
    const payload = JSON.stringify(webhookPayload(s));
    const secret = await workspaceWebhookSecret(db, s.workspace.id);
    let res;
    try {
      res = await safeFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Portico-Webhooks/1", ...signedHeaders(secret, s.key, payload) },
        body: payload,
        timeoutMs: WEBHOOK_TIMEOUT_MS,
        maxBodyBytes: 2048,
      });
    } catch (err) {
      if (err instanceof OutboundRefused) throw new StepError(`The webhook URL is refused: ${err.message}`);
      const timeout = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      throw new StepError(timeout ? `The webhook did not answer within ${WEBHOOK_TIMEOUT_MS / 1000} s.` : `The webhook could not be reached (${networkReason(err)}).`, true);
    }
    const output = { status: res.status, ms: res.ms, response: res.body.slice(0, 500), webhookId: s.key };
    if (res.status >= 200 && res.status < 300) return output;
    if (res.status === 429 || res.status >= 500 || res.status === 408) throw new StepError(`The webhook answered ${res.status}; trying again later.`, true, output);
    if (res.status >= 300 && res.status < 400) throw new StepError(`The webhook answered with a redirect (${res.status}); use the final URL.`, false, output);
    throw new StepError(`The webhook answered ${res.status}.`, false, output);
  },
};

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : "network error");
}
