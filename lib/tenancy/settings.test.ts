import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEntries, workspaces } from "@/db/schema";
import { eq } from "drizzle-orm";
import { magicLinkTtlMs } from "@/lib/links/policy";
import { makeWorkspace, request } from "@/test/fixtures";
import { customHost, proxy } from "@/proxy";
import { hostKind } from "./custom-host";
import { portalSettingsSchema, savePortalSettings, settingsOf } from "./settings";
import { getWorkspaceBySlug } from "./workspaces";

describe("Settings → Portal", () => {
  it("validates every field with a message, saves, audits; slug and custom domain stay unique", async () => {
    const [a, b] = [await makeWorkspace(), await makeWorkspace()];
    const bad = portalSettingsSchema.safeParse({ ...settingsOf(a), slug: "Admin", accentColor: "red", magicLinkHours: "721", logoUrl: "javascript:alert(1)", replyTo: "nope", customDomain: "https://x.com/path" });
    expect(bad.success).toBe(false);
    expect(Object.keys(bad.error!.flatten().fieldErrors).sort()).toEqual(["accentColor", "customDomain", "logoUrl", "magicLinkHours", "replyTo", "slug"]);
    expect(portalSettingsSchema.safeParse({ ...settingsOf(a), magicLinkHours: "0" }).success).toBe(false);
    // The logo must be https (the form's hint says so): http:// is refused with why, https:// and empty are fine.
    const logo = (logoUrl: string) => portalSettingsSchema.safeParse({ ...settingsOf(a), logoUrl });
    expect(logo("http://cdn.example.com/logo.png").error?.flatten().fieldErrors.logoUrl).toEqual(["Use an https:// address: browsers and email apps block images from http:// on secure pages."]);
    expect(logo("HTTP://cdn.example.com/logo.png").success).toBe(false);
    expect(logo("ftp://cdn.example.com/logo.png").error?.flatten().fieldErrors.logoUrl).toEqual(["Enter an https:// image address, or leave it empty."]);
    expect(logo(" https://cdn.example.com/logo.png ").data?.logoUrl).toBe("https://cdn.example.com/logo.png");
    expect(logo("").success).toBe(true);

    const ctx = { workspace: a, actor: { type: "system" as const }, request };
    const input = portalSettingsSchema.parse({ ...settingsOf(a), name: "Renamed", slug: `${a.slug}-new`, magicLinkHours: "48", customDomain: "Learn.Example.com", replyTo: "Help@Example.com" });
    expect(await savePortalSettings(ctx, input)).toMatchObject({ ok: true, slug: `${a.slug}-new` });
    const [saved] = await db.select().from(workspaces).where(eq(workspaces.id, a.id));
    expect([saved!.name, saved!.customDomain, saved!.replyTo, magicLinkTtlMs(saved!)]).toEqual(["Renamed", "learn.example.com", "help@example.com", 48 * 3600_000]);
    expect((await db.select().from(auditEntries).where(eq(auditEntries.workspaceId, a.id)))[0]!.data).toMatchObject({ changed: expect.arrayContaining(["name", "slug", "magicLinkHours", "customDomain", "replyTo"]) });

    // An unverified domain blocks no one (domain-verify.test.ts: a verified one does).
    const clash = await savePortalSettings({ ...ctx, workspace: b }, { ...settingsOf(b), slug: saved!.slug, customDomain: "LEARN.example.com".toLowerCase() });
    expect(clash).toEqual({ ok: false, fieldErrors: { slug: "That portal address is already taken; choose another." } });
  });

  it("a verified custom domain serves its workspace's portal at /; Portico's own host, IPs and app paths are classified without the database", async () => {
    const ws = await makeWorkspace();
    await db.update(workspaces).set({ customDomain: "academy.example.org", customDomainToken: "t" }).where(eq(workspaces.id, ws.id));
    expect(await getWorkspaceBySlug("academy.example.org", "academy.example.org")).toBeUndefined(); // not verified
    await db.update(workspaces).set({ customDomainVerifiedAt: new Date() }).where(eq(workspaces.id, ws.id));
    expect((await getWorkspaceBySlug("academy.example.org", "academy.example.org"))?.id).toBe(ws.id);
    expect((await getWorkspaceBySlug(ws.slug, "Academy.Example.org:8443"))?.id).toBe(ws.id);
    expect(await getWorkspaceBySlug("academy.example.org", null)).toBeUndefined(); // a dotted slug only on its own domain
    expect(await getWorkspaceBySlug("unknown.example.org", "unknown.example.org")).toBeUndefined();

    const rewrite = (host: string, path: string) => proxy(new NextRequest(`http://${host}${path}`, { headers: { host } })).headers.get("x-middleware-rewrite");
    expect(rewrite("academy.example.org", "/")).toBe("http://academy.example.org/p/academy.example.org");
    expect(rewrite("Academy.Example.org:8443", "/courses")).toMatch(/^http:\/\/academy\.example\.org:8443\/p\/academy\.example\.org\/courses$/);
    expect(rewrite("academy.example.org", `/p/${ws.slug}/login`)).toBeNull();
    expect(rewrite("academy.example.org", "/api/health")).toBeNull();
    expect(rewrite("localhost:3000", "/")).toBeNull();
    expect(customHost("127.0.0.1:3000")).toBeNull();
    expect(customHost("evil.example.com/../x")).toBeNull();
    expect(["localhost:3000", "LOCALHOST:3000", "localhost:3001", "127.0.0.1:3000", "academy.example.org", "localhost:3000/x", "", null].map(hostKind)).toEqual(["own", "own", "foreign", "foreign", "custom", "foreign", "foreign", "foreign"]);
  });
});
