/**
 * Settings → System (owners only): what this installation is running and whether its mail is
 * moving. Read-only. Workers and the outbox are the installation's; the last delivery error is
 * this workspace's (or a system email's), without the recipient's address or the email itself,
 * and with any link secret cut out (lib/log.ts scrub). Never the database URL or a password.
 */
import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import fs from "node:fs";
import path from "node:path";
import { dbHandle, db, rowsOf } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { env } from "@/lib/env";
import { STALE_AFTER_MS, workerStatus } from "@/lib/jobs/heartbeat";
import { scrub } from "@/lib/log";
import { senderDomain, sendingDomainStatus, type SendingDomain } from "@/lib/mail/sending-domain";
import { getMembership, roleAtLeast } from "@/lib/tenancy/workspaces";
import { within } from "./ready";

export type SystemStatus = {
  version: string;
  buildId: string;
  database: "embedded PGlite" | "PostgreSQL";
  workers: { live: { id: string; host: string; pid: number; startedAt: Date; beatAt: Date }[]; lastBeatAt: Date | null; staleAfterS: number };
  outbox: { queued: number; sending: number; oldestQueuedAt: Date | null; oldestAgeMs: number };
  lastError: { at: Date; template: string; error: string } | null;
  sendingDomain: SendingDomain;
};

export type SystemPage = { allowed: true; status: SystemStatus } | { allowed: false };

// Fixed paths (a computed one would make Next trace the whole project into the build).
const read = (at: () => string) => {
  try {
    return fs.readFileSync(at(), "utf8").trim();
  } catch {
    return null;
  }
};

function versionInfo() {
  const version = (JSON.parse(read(() => path.join(process.cwd(), "package.json")) ?? "{}") as { version?: string }).version ?? "unknown";
  const buildId = env.NODE_ENV === "production" ? (read(() => path.join(process.cwd(), ".next", "BUILD_ID")) ?? "unknown") : "development";
  return { version, buildId };
}

async function outbox(): Promise<SystemStatus["outbox"]> {
  const rows = await rowsOf<{ status: string; n: number; oldest: string | Date | null; age_ms: number | null }>(
    db,
    sql`select status::text as status, count(*)::int as n, min(created_at) as oldest, (extract(epoch from now() - min(created_at)) * 1000)::float8 as age_ms from email_messages where status in ('queued', 'sending') group by status`,
  );
  const of = (s: string) => rows.find((r) => r.status === s);
  const oldest = of("queued")?.oldest;
  return { queued: Number(of("queued")?.n ?? 0), sending: Number(of("sending")?.n ?? 0), oldestQueuedAt: oldest ? new Date(oldest) : null, oldestAgeMs: Number(of("queued")?.age_ms ?? 0) };
}

async function lastError(workspaceId: string): Promise<SystemStatus["lastError"]> {
  const [row] = await db
    .select({ at: sql<Date>`coalesce(${emailMessages.failedAt}, ${emailMessages.updatedAt})`.mapWith((v) => new Date(v)), template: emailMessages.template, error: emailMessages.lastError })
    .from(emailMessages)
    .where(and(eq(emailMessages.status, "failed"), or(eq(emailMessages.workspaceId, workspaceId), isNull(emailMessages.workspaceId))))
    .orderBy(desc(sql`coalesce(${emailMessages.failedAt}, ${emailMessages.updatedAt})`))
    .limit(1);
  if (!row) return null;
  // A provider's error may quote the recipient: addresses are cut out too.
  const error = scrub(row.error ?? "No reason was recorded.").replace(/[^\s<>"'@]+@[^\s<>"'@]+\.[a-z]{2,}/gi, "[address]");
  return { at: row.at, template: row.template.startsWith("custom:") ? "custom" : row.template, error: error.slice(0, 500) };
}

/** What the System page shows; only a workspace's owner may see it (an admin or member gets `allowed: false`). */
export async function systemPage(teamMemberId: string, workspaceSlug: string): Promise<SystemPage | null> {
  const membership = await getMembership(teamMemberId, workspaceSlug);
  if (!membership) return null;
  if (!roleAtLeast(membership.role, "owner")) return { allowed: false };
  const [workers, box, error, sendingDomain] = await Promise.all([
    workerStatus(),
    outbox(),
    lastError(membership.workspace.id),
    within(5_000, () => sendingDomainStatus()).catch((err: Error): SendingDomain => ({ state: "error", domain: senderDomain(), error: err.message || "Resend did not answer in time" })),
  ]);
  return {
    allowed: true,
    status: {
      ...versionInfo(),
      database: dbHandle().kind === "pglite" ? "embedded PGlite" : "PostgreSQL",
      workers: { live: workers.live.map(({ id, host, pid, startedAt, beatAt }) => ({ id, host, pid, startedAt, beatAt })), lastBeatAt: workers.lastBeatAt, staleAfterS: STALE_AFTER_MS / 1000 },
      outbox: box,
      lastError: error,
      sendingDomain,
    },
  };
}
