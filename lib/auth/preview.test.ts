import { and, eq } from "drizzle-orm";
import { decode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { auditEntries } from "@/db/schema";
import { authSecret } from "@/lib/env";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { learnerCookieName } from "./learner-session";
import { PREVIEW_SECONDS, startPreview } from "./preview";
import { realmConfig, type RealmClaims } from "./realm";

describe("Preview as learner (SPEC §3)", () => {
  it("needs a reason, is audited, lasts 30 minutes and is refused once over even if the cookie is refreshed", async () => {
    const ws = await makeWorkspace();
    const contact = await makeContact(ws);
    const ctx = { workspace: ws, actor: { type: "admin" as const, id: "00000000-0000-4000-8000-000000000001" }, request };
    expect(await startPreview(ctx, { contactId: contact.id, reason: "hm" })).toMatchObject({ ok: false });
    const other = await makeWorkspace();
    expect(await startPreview({ ...ctx, workspace: other }, { contactId: contact.id, reason: "Ticket 42: cannot see course" })).toEqual({ ok: false, error: "No such contact in this workspace." });
    expect(await db.select().from(auditEntries).where(eq(auditEntries.contactId, contact.id))).toEqual([]);

    const started = await startPreview(ctx, { contactId: contact.id, reason: "Ticket 42: cannot see course" });
    if (!started.ok) throw new Error(started.error);
    expect(started.cookie.options.maxAge).toBe(PREVIEW_SECONDS);
    const claims = (await decode({ token: started.cookie.value, secret: authSecret(), salt: learnerCookieName })) as unknown as RealmClaims & { exp: number; iat: number };
    expect(claims).toMatchObject({ sub: contact.id, ws: ws.id, pvBy: ctx.actor.id });
    expect(claims.pv! - claims.iat).toBe(30 * 60);
    const [audit] = await db.select().from(auditEntries).where(and(eq(auditEntries.contactId, contact.id), eq(auditEntries.action, "learner.preview_started")));
    expect(audit!.data).toMatchObject({ reason: "Ticket 42: cannot see course" });

    // The realm's jwt callback (run on every session read) keeps it until `pv` and drops it after.
    const jwt = realmConfig({ cookieName: "t", basePath: "/t", providers: [], verify: async () => true }).callbacks!.jwt!;
    const read = (now: number) => {
      vi.setSystemTime(now * 1000);
      return jwt({ token: claims as never, user: undefined as never, account: null, trigger: "update" } as never);
    };
    expect(await read(claims.pv! - 1)).not.toBeNull();
    expect(await read(claims.pv!)).toBeNull();
    vi.useRealTimers();
  });
});
