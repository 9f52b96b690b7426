import { eq } from "drizzle-orm";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { makeWorkspace, request } from "@/test/fixtures";
import { drainOutbox } from "./deliver";
import { listDeliveryLog, retryMessage, timeline } from "./delivery-log";
import { queueEmail } from "./outbox";

describe("delivery log", () => {
  it("filters within the workspace, shows a timeline, and retries only failed or bounced messages", async () => {
    const [ws, other] = [await makeWorkspace(), await makeWorkspace()];
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    const queue = (workspaceId: string, to: string) =>
      db.transaction((tx) => queueEmail(tx, { workspaceId, template: "login_link", to, subject: "Sign in", element: createElement("p", null, "x"), links: [] }));
    const ok = await queue(ws.id, "ok@example.com");
    const bad = await queue(ws.id, "bad@example.com");
    const foreign = await queue(other.id, "bad@example.com");
    await drainOutbox();
    await db.update(emailMessages).set({ status: "bounced", lastError: "Bounced: no such mailbox", failedAt: new Date() }).where(eq(emailMessages.id, bad));

    const all = await listDeliveryLog(ws.id, {});
    expect(all.rows.map((r) => r.to).sort()).toEqual(["bad@example.com", "ok@example.com"]);
    const bounced = await listDeliveryLog(ws.id, { status: "bounced", q: "BAD@" });
    expect(bounced.rows.map((r) => r.id)).toEqual([bad]);
    expect(timeline(bounced.rows[0]!).map((s) => s.step)).toEqual(["queued", "sent", "delivered", "bounced"]);

    expect(await retryMessage(ctx, ok)).toMatchObject({ ok: false });
    expect(await retryMessage(ctx, foreign)).toMatchObject({ ok: false });
    expect(await retryMessage(ctx, bad)).toMatchObject({ ok: true });
    await drainOutbox();
    const [again] = await db.select().from(emailMessages).where(eq(emailMessages.id, bad));
    expect(again).toMatchObject({ status: "delivered", attempts: 1, lastError: null });
  });
});
