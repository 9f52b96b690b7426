/**
 * "Email me a login link / a code / a reset link" (portal) and the admin's "forgot password":
 * the request writes one job and answers; a worker looks the address up and queues the email.
 * The job is written before the response, so a process stopped right after answering loses
 * nothing, and the request does the same work for known and unknown addresses (SPEC §3 rule 8:
 * the lookup never happens in the request). The payload (address, IP, user agent, for the
 * audit entry) is sealed like outbox bodies: pg-boss keeps finished jobs for a while, and a
 * dump of its tables must not list who asked for what.
 */
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { workspaces } from "@/db/schema";
import type { RequestInfo } from "@/lib/context";
import { requestAdminPasswordReset } from "@/lib/links/admin-reset";
import { fulfilEmailRequest, type EmailRequestKind } from "@/lib/links/requests";
import { seal, unseal } from "@/lib/mail/sealed";
import { logger } from "@/lib/log";
import { getBoss, jobsEnabled, QUEUES } from "./boss";

const log = logger("jobs");

export type EmailRequest =
  | { type: "portal"; workspaceId: string; email: string; kind: EmailRequestKind; request: RequestInfo; destination?: string | null }
  | { type: "admin_reset"; email: string; request: RequestInfo };

/** What pg-boss stores: the request, sealed. */
export type EmailRequestJob = { sealed: string };

const g = globalThis as unknown as { __porticoEmailWorker?: () => void };

const only = (request: RequestInfo): RequestInfo => ({ ip: request.ip ?? null, userAgent: request.userAgent ?? null });

/** Makes the request durable (a job) before the caller answers. Unit tests (no pg-boss) run it at once. */
export async function queueEmailRequest(input: EmailRequest): Promise<void> {
  const payload: EmailRequest = { ...input, request: only(input.request) };
  if (!jobsEnabled()) return runPayload(payload);
  const boss = await getBoss("client");
  await boss.send(QUEUES.emailRequest, { sealed: seal(JSON.stringify(payload)) } satisfies EmailRequestJob);
  g.__porticoEmailWorker?.();
}

/** The in-process worker registers how to wake its email-request loop (Next bundles modules separately, hence globalThis). */
export function setLocalEmailWorker(wake: (() => void) | undefined): void {
  g.__porticoEmailWorker = wake;
}

/** The worker's handler. Throws on a failure worth retrying (pg-boss retries the job). */
export async function runEmailRequest(job: EmailRequestJob, jobId?: string): Promise<void> {
  let payload: EmailRequest;
  try {
    payload = JSON.parse(unseal(job.sealed)) as EmailRequest;
  } catch {
    // Not retried: no later attempt can open it. The person sees no email and can ask again.
    log.error("Cannot decrypt an email request: the worker's AUTH_SECRET differs from the web server's. Set the same AUTH_SECRET on every web and worker process.");
    return;
  }
  await runPayload(payload, jobId);
}

async function runPayload(payload: EmailRequest, jobId?: string): Promise<void> {
  if (payload.type === "admin_reset") return requestAdminPasswordReset(payload.email, payload.request, jobId);
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, payload.workspaceId)).limit(1);
  if (!workspace) return;
  await fulfilEmailRequest({ workspace, email: payload.email, kind: payload.kind, request: payload.request, destination: payload.destination ?? null, jobId });
}
