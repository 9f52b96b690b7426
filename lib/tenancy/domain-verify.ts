/**
 * Custom domain verification (issue 12 item 14): a domain serves a workspace's portal only
 * after that workspace has shown it controls the domain's DNS, by a TXT record
 * `_portico-verify.<domain>` holding `portico-verify=<token>`, the token being new for every
 * domain entered (lib/tenancy/settings.ts). The record is read through node:dns with the
 * servers in DNS_SERVERS (default: the system's resolvers), so a test can answer it itself.
 * One workspace per verified domain: a partial unique index (migration 0005) holds that,
 * whatever races; entries nobody verified do not block the domain's real owner.
 */
import { Resolver } from "node:dns/promises";
import { randomBytes } from "node:crypto";
import { and, eq, isNotNull, ne, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { workspaces, type Workspace } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";

export const VERIFY_PREFIX = "portico-verify=";

export const newDomainToken = () => randomBytes(16).toString("hex");

/** The TXT record the workspace's domain must have, for Settings to show. */
export function verificationRecord(w: Pick<Workspace, "customDomain" | "customDomainToken">): { name: string; value: string } | null {
  if (!w.customDomain || !w.customDomainToken) return null;
  return { name: `_portico-verify.${w.customDomain}`, value: `${VERIFY_PREFIX}${w.customDomainToken}` };
}

export type DnsProblem = "not_found" | "wrong_value" | "timeout" | "dns_error";
export type RecordCheck = { ok: true } | { ok: false; problem: DnsProblem; code?: string };
export type LookupOptions = { servers?: string[]; timeoutMs?: number };

/** Whether `name` has a TXT record equal to `value` (a record split into several strings counts joined). */
export async function checkTxtRecord(name: string, value: string, opts: LookupOptions = {}): Promise<RecordCheck> {
  const total = opts.timeoutMs ?? 6000;
  const resolver = new Resolver({ timeout: Math.max(100, Math.floor(total / 3)), tries: 2 });
  const servers = opts.servers ?? env.DNS_SERVERS;
  if (servers?.length) resolver.setServers(servers);
  const guard = setTimeout(() => resolver.cancel(), total);
  try {
    const records = await resolver.resolveTxt(name);
    return records.some((chunks) => chunks.join("") === value) ? { ok: true } : { ok: false, problem: "wrong_value" };
  } catch (err) {
    const code = String((err as NodeJS.ErrnoException).code ?? "");
    if (code === "ENOTFOUND" || code === "ENODATA") return { ok: false, problem: "not_found" };
    if (code === "ETIMEOUT" || code === "ECANCELLED" || code === "ECONNREFUSED") return { ok: false, problem: "timeout" };
    return { ok: false, problem: "dns_error", code };
  } finally {
    clearTimeout(guard);
  }
}

export type VerifyResult = { ok: true; message: string } | { ok: false; error: string };

const TAKEN = "Another workspace already serves this domain. Its team must remove it from their settings first.";

function problemText(problem: DnsProblem, record: { name: string; value: string }, code?: string): string {
  switch (problem) {
    case "not_found":
      return `No TXT record was found at ${record.name}. Add it at your DNS provider, then try again: new records can take a few minutes (sometimes hours) to be seen everywhere.`;
    case "wrong_value":
      return `The TXT record at ${record.name} holds another value (an older token, or another workspace's?). Its value must be exactly ${record.value}.`;
    case "timeout":
      return "The DNS servers did not answer in time. Try again in a moment.";
    case "dns_error":
      return `The DNS lookup failed (${code || "unknown error"}). Try again in a moment.`;
  }
}

const isUniqueViolation = (err: unknown): boolean => {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === "23505") return true;
  return false;
};

/**
 * "Verify" in Settings: looks the TXT record up now and, when it holds this workspace's token,
 * marks the domain verified (only if the domain and token are still the ones that were checked).
 * Every attempt is audited, without the token.
 */
export async function verifyCustomDomain(ctx: Ctx, opts: LookupOptions = {}): Promise<VerifyResult> {
  const { workspace } = ctx;
  const record = verificationRecord(workspace);
  if (!record || !workspace.customDomain) return { ok: false, error: "Save a custom domain first." };
  const domain = workspace.customDomain;
  if (await servedElsewhere(workspace.id, domain)) return { ok: false, error: TAKEN };
  const check = await checkTxtRecord(record.name, record.value, opts);
  const audit = (tx: Parameters<typeof recordAudit>[0], data: Record<string, unknown>) =>
    recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "settings.custom_domain_checked", data: { domain, ...data } });
  if (!check.ok) {
    await audit(db, { ok: false, problem: check.problem });
    return { ok: false, error: problemText(check.problem, record, check.code) };
  }
  try {
    const updated = await db.transaction(async (tx) => {
      const rows = await tx
        .update(workspaces)
        .set({ customDomainVerifiedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(workspaces.id, workspace.id), eq(workspaces.customDomain, domain), eq(workspaces.customDomainToken, workspace.customDomainToken!)))
        .returning({ id: workspaces.id });
      if (rows.length) await audit(tx, { ok: true });
      return rows.length > 0;
    });
    if (!updated) return { ok: false, error: "The custom domain was changed meanwhile. Reload the page and verify the new one." };
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, error: TAKEN };
    throw err;
  }
  return { ok: true, message: `Verified: ${domain} now serves this portal.` };
}

/** Whether another workspace has verified `domain` (it serves there, so no one else may). */
export async function servedElsewhere(workspaceId: string, domain: string): Promise<boolean> {
  const [row] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(and(ne(workspaces.id, workspaceId), eq(sql`lower(${workspaces.customDomain})`, domain.toLowerCase()), isNotNull(workspaces.customDomainVerifiedAt)))
    .limit(1);
  return !!row;
}
