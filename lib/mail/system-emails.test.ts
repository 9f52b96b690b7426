import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailMessages, workspaces } from "@/db/schema";
import { sendLoginEmail, sendResetLink } from "@/lib/links/admin-links";
import { sendLoginEmails } from "@/lib/links/bulk-send";
import { fulfilEmailRequest } from "@/lib/links/requests";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { isEmailOn, previewSystemEmail, setSystemEmail, SYSTEM_EMAILS } from "./system-emails";

describe("system emails", () => {
  it("optional ones toggle per workspace; sign-in emails stay on; every one previews with sample data", async () => {
    const ws = await makeWorkspace();
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    expect(await setSystemEmail(ctx, "welcome", false)).toEqual({ ok: true });
    expect(await setSystemEmail(ctx, "login_code", false)).toMatchObject({ ok: false });
    const [after] = await db.select().from(workspaces).where(eq(workspaces.id, ws.id));
    expect([isEmailOn(after!, "welcome"), isEmailOn(after!, "login_link")]).toEqual([false, true]);
    await setSystemEmail(ctx, "welcome", true);
    expect(isEmailOn((await db.select().from(workspaces).where(eq(workspaces.id, ws.id)))[0]!, "welcome")).toBe(true);
    for (const e of SYSTEM_EMAILS) {
      const p = await previewSystemEmail(ws, e.key);
      expect(p?.html).toContain(ws.name);
      expect(p?.text.length).toBeGreaterThan(50);
    }
  });
});

describe("sign-in emails turned off", () => {
  it("stops learner requests and the admin's sends, and comes back when turned on", async () => {
    const ws = await makeWorkspace();
    const c = await makeContact(ws, { password: "quiet harbor lanterns 42" });
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    await setSystemEmail(ctx, "login_link", false);
    await setSystemEmail(ctx, "password_reset", false);
    const off = (await db.select().from(workspaces).where(eq(workspaces.id, ws.id)))[0]!;
    const offCtx = { ...ctx, workspace: off };
    for (const kind of ["link", "code", "reset"] as const) expect(await fulfilEmailRequest({ workspace: off, email: c.email, kind, request })).toBe(false);
    expect(await sendLoginEmail(offCtx, c.id)).toMatchObject({ ok: false, error: expect.stringContaining("turned off") });
    expect(await sendResetLink(offCtx, c.id)).toMatchObject({ ok: false });
    await expect(sendLoginEmails(offCtx, [c.id])).rejects.toThrow(/turned off/);
    expect(await db.select().from(emailMessages).where(eq(emailMessages.contactId, c.id))).toEqual([]);

    await setSystemEmail(ctx, "login_link", true);
    const on = (await db.select().from(workspaces).where(eq(workspaces.id, ws.id)))[0]!;
    expect(await fulfilEmailRequest({ workspace: on, email: c.email, kind: "code", request })).toBe(true);
  });
});
