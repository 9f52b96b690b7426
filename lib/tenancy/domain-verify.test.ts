import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { auditEntries, workspaces, type Workspace } from "@/db/schema";
import { makeWorkspace, request } from "@/test/fixtures";
import { startDnsServer, startSilentDns } from "@/test/dns-server";
import { checkTxtRecord, verificationRecord, verifyCustomDomain } from "./domain-verify";
import { savePortalSettings, settingsOf } from "./settings";
import { portalWorkspace } from "./workspaces";

/**
 * Custom domain verification against a real DNS server on loopback (dns2, UDP), through
 * node:dns's Resolver as in production: the only difference is the server list, which
 * production takes from DNS_SERVERS.
 */
describe("custom domain verification (DNS TXT record)", () => {
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  beforeAll(async () => {
    dns = await startDnsServer();
  });
  afterAll(() => dns.close());

  const domainName = () => `learn-${randomBytes(3).toString("hex")}.example.com`;
  const ctxOf = (workspace: Workspace) => ({ workspace, actor: { type: "system" as const }, request });
  const load = async (id: string) => (await db.select().from(workspaces).where(eq(workspaces.id, id)))[0]!;
  /** Saves `domain` as the workspace's custom domain through Settings and returns the fresh row. */
  async function withDomain(ws: Workspace, domain: string) {
    expect(await savePortalSettings(ctxOf(ws), { ...settingsOf(ws), customDomain: domain })).toMatchObject({ ok: true });
    return load(ws.id);
  }
  const verify = (ws: Workspace) => verifyCustomDomain(ctxOf(ws), { servers: dns.servers, timeoutMs: 3000 });

  it("a saved domain gets a token shown as a TXT record; the right record verifies it and the domain then serves the workspace", async () => {
    const domain = domainName();
    const ws = await withDomain(await makeWorkspace(), domain);
    const record = verificationRecord(ws)!;
    expect(record.name).toBe(`_portico-verify.${domain}`);
    expect(record.value).toMatch(/^portico-verify=[0-9a-f]{32}$/);
    expect(ws.customDomainVerifiedAt).toBeNull();
    expect(await portalWorkspace(ws.slug, domain)).toBeUndefined();

    // Other TXT records at the name (and the value split into two strings) do not get in the way.
    dns.records.set(record.name, [["v=spf1 -all"], [record.value.slice(0, 20), record.value.slice(20)]]);
    expect(await verify(ws)).toEqual({ ok: true, message: `Verified: ${domain} now serves this portal.` });
    const verified = await load(ws.id);
    expect(verified.customDomainVerifiedAt).toBeInstanceOf(Date);
    expect((await portalWorkspace(ws.slug, domain))?.id).toBe(ws.id);
    expect((await portalWorkspace(domain, `${domain.toUpperCase()}:443`))?.id).toBe(ws.id);
    const [audit] = await db.select().from(auditEntries).where(and(eq(auditEntries.workspaceId, ws.id), eq(auditEntries.action, "settings.custom_domain_checked")));
    expect(audit!.data).toEqual({ domain, ok: true });
    expect(JSON.stringify(audit)).not.toContain(ws.customDomainToken!);

    // Saving other settings keeps the verification; a new domain needs a new token and a new proof.
    expect((await withDomain(verified, domain)).customDomainVerifiedAt).toEqual(verified.customDomainVerifiedAt);
    const moved = await withDomain(verified, domainName());
    expect([moved.customDomainVerifiedAt, moved.customDomainToken === ws.customDomainToken]).toEqual([null, false]);
    expect(await portalWorkspace(ws.slug, domain)).toBeUndefined();
    expect(await portalWorkspace(ws.slug, moved.customDomain)).toBeUndefined();
    const cleared = await withDomain(moved, "");
    expect([cleared.customDomain, cleared.customDomainToken, cleared.customDomainVerifiedAt]).toEqual([null, null, null]);
  });

  it("a wrong value, a missing record or a silent DNS server each say what is wrong, and verify nothing", async () => {
    const domain = domainName();
    const ws = await withDomain(await makeWorkspace(), domain);
    const record = verificationRecord(ws)!;

    expect(await verify(ws)).toEqual({ ok: false, error: expect.stringMatching(new RegExp(`^No TXT record was found at _portico-verify\\.${domain.replace(/\./g, "\\.")}\\.`)) });
    dns.records.set(record.name, [["portico-verify=0123456789abcdef0123456789abcdef"]]);
    expect(await verify(ws)).toEqual({ ok: false, error: expect.stringContaining(`holds another value (an older token, or another workspace's?). Its value must be exactly ${record.value}.`) });
    dns.records.set(record.name, [[`${record.value} `]]);
    expect((await verify(ws)).ok).toBe(false);

    const silent = await startSilentDns();
    try {
      const started = Date.now();
      expect(await verifyCustomDomain(ctxOf(ws), { servers: silent.servers, timeoutMs: 600 })).toEqual({ ok: false, error: "The DNS servers did not answer in time. Try again in a moment." });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
    }
    expect((await load(ws.id)).customDomainVerifiedAt).toBeNull();
    expect(await portalWorkspace(ws.slug, domain)).toBeUndefined();
    const audits = await db.select().from(auditEntries).where(and(eq(auditEntries.workspaceId, ws.id), eq(auditEntries.action, "settings.custom_domain_checked")));
    expect(audits.map((a) => (a.data as { problem?: string }).problem).sort()).toEqual(["not_found", "timeout", "wrong_value", "wrong_value"]);
    expect(await checkTxtRecord(`_portico-verify.${domain}`, record.value, { servers: dns.servers })).toEqual({ ok: false, problem: "wrong_value" });
  });

  it("one workspace per verified domain: an unverified entry blocks no one; the first proof wins; the database holds it", async () => {
    const domain = domainName();
    const squatter = await withDomain(await makeWorkspace(), domain);
    const owner = await withDomain(await makeWorkspace(), domain); // allowed: the squatter proved nothing
    dns.records.set(verificationRecord(owner)!.name, [[verificationRecord(owner)!.value]]);
    expect(await verify(owner)).toMatchObject({ ok: true });
    expect(await verify(squatter)).toEqual({ ok: false, error: "Another workspace already serves this domain. Its team must remove it from their settings first." });
    expect((await portalWorkspace(domain, domain))?.id).toBe(owner.id);

    const late = await makeWorkspace();
    expect(await savePortalSettings(ctxOf(late), { ...settingsOf(late), customDomain: domain.toUpperCase().toLowerCase() })).toEqual({ ok: false, fieldErrors: { customDomain: "Another workspace already uses that domain." } });
    // Whatever path a write takes, the unique index refuses a second verified row for the domain.
    await expect(db.update(workspaces).set({ customDomain: domain.toUpperCase(), customDomainVerifiedAt: new Date() }).where(eq(workspaces.id, squatter.id))).rejects.toThrow();
  });
});

describe("DNS_SERVERS", () => {
  it("takes comma-separated IP addresses with optional ports, and refuses anything else", async () => {
    vi.resetModules();
    vi.stubEnv("DNS_SERVERS", "127.0.0.1:5353, 1.1.1.1,[::1]:53");
    expect((await import("@/lib/env")).env.DNS_SERVERS).toEqual(["127.0.0.1:5353", "1.1.1.1", "[::1]:53"]);
    vi.resetModules();
    vi.stubEnv("DNS_SERVERS", "dns.example.com");
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(import("@/lib/env")).rejects.toThrow(/DNS_SERVERS/);
    quiet.mockRestore();
    vi.unstubAllEnvs();
  });
});
