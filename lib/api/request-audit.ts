/**
 * The `api.request` audit entry of every API call (issue 16), written in batches: one insert per
 * 50 ms (or per 200 calls) instead of one statement and commit per call, which at hundreds of
 * calls a second is a large share of what a call costs. What a call changed is audited in its own
 * transaction as everywhere (offer.granted, contact.created… with the key as the actor); this is
 * the request log beside it. A batch is written before the process stops (lib/boot.ts); a process
 * killed outright loses at most its last 50 ms of request entries, never a change's.
 */
import { db } from "@/db/client";
import { recordAudits, type AuditInput } from "@/lib/audit/record";
import { logger } from "@/lib/log";

const log = logger("api");

const FLUSH_MS = 50;
const FLUSH_AT = 200;
let pending: AuditInput[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let writing: Promise<void> = Promise.resolve();

export function auditApiRequest(entry: AuditInput): void {
  pending.push(entry);
  if (pending.length >= FLUSH_AT) void flushApiRequestAudits();
  else if (!timer) {
    timer = setTimeout(() => void flushApiRequestAudits(), FLUSH_MS);
    timer.unref?.();
  }
}

/** Writes what is pending (and waits for a write already under way). Never throws. */
export function flushApiRequestAudits(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const batch = pending;
  pending = [];
  writing = writing.then(async () => {
    if (batch.length === 0) return;
    await recordAudits(db, batch).catch((err) => log.warn({ err, entries: batch.length }, "could not audit API requests"));
  });
  return writing;
}
