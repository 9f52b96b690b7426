import { eq } from "drizzle-orm";
import { createHmac, randomUUID } from "node:crypto";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailMessages, emailSuppressions } from "@/db/schema";
import { env } from "@/lib/env";
import { makeWorkspace, request } from "@/test/fixtures";
import { drainOutbox } from "./deliver";
import { queueEmail } from "./outbox";
import { handleResendWebhook, liftSuppression } from "./webhooks";

/** What Resend (Svix) sends: v1 = base64 HMAC-SHA256 over "id.timestamp.body" with the secret's bytes. */
function signed(body: object, opts: { id?: string; secret?: string; at?: number } = {}) {
  const raw = JSON.stringify(body);
  const id = opts.id ?? `msg_${randomUUID()}`;
  const ts = String(Math.floor((opts.at ?? Date.now()) / 1000));
  const key = Buffer.from((opts.secret ?? env.RESEND_WEBHOOK_SECRET!).replace(/^whsec_/, ""), "base64");
  const sig = createHmac("sha256", key).update(`${id}.${ts}.${raw}`).digest("base64");
  return { raw, headers: new Headers({ "svix-id": id, "svix-timestamp": ts, "svix-signature": `v1,${sig}` }) };
}

async function sentMessage(workspaceId: string, to: string) {
  const id = await db.transaction((tx) => queueEmail(tx, { workspaceId, template: "test", to, subject: "Hi", element: createElement("p", null, "x"), links: [] }));
  const providerMessageId = `re_${id.slice(0, 8)}`;
  await db.update(emailMessages).set({ status: "sent", providerMessageId }).where(eq(emailMessages.id, id));
  return { id, providerMessageId };
}
const statusOf = async (id: string) => (await db.select().from(emailMessages).where(eq(emailMessages.id, id)))[0]!;

describe("Resend webhooks (signed, deduplicated)", () => {
  it("rejects a wrong secret, a stale timestamp and a tampered body; accepts a good one once", async () => {
    const ws = await makeWorkspace();
    const m = await sentMessage(ws.id, "reader@example.com");
    const body = { type: "email.delivered", data: { email_id: m.providerMessageId } };
    const wrong = signed(body, { secret: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZw==" });
    expect((await handleResendWebhook(wrong.raw, wrong.headers)).status).toBe(401);
    const stale = signed(body, { at: Date.now() - 6 * 60_000 });
    expect((await handleResendWebhook(stale.raw, stale.headers)).status).toBe(401);
    const good = signed(body);
    expect((await handleResendWebhook(good.raw.replace("delivered", "bounced"), good.headers)).status).toBe(401);
    expect((await statusOf(m.id)).status).toBe("sent");

    expect(await handleResendWebhook(good.raw, good.headers)).toEqual({ status: 200, message: "Recorded delivered." });
    expect(await handleResendWebhook(good.raw, good.headers)).toEqual({ status: 200, message: "Already processed." });
    const late = signed({ type: "email.delivery_delayed", data: { email_id: m.providerMessageId } });
    await handleResendWebhook(late.raw, late.headers);
    expect((await statusOf(m.id)).status).toBe("delivered");
  });

  it("a hard bounce suppresses the address: the next email fails fast, until an admin lifts it", async () => {
    const ws = await makeWorkspace();
    const m = await sentMessage(ws.id, "Gone@Example.com");
    const bounce = signed({ type: "email.bounced", data: { email_id: m.providerMessageId, bounce: { type: "Permanent", message: "Mailbox does not exist" } } });
    expect((await handleResendWebhook(bounce.raw, bounce.headers)).status).toBe(200);
    expect(await statusOf(m.id)).toMatchObject({ status: "bounced", lastError: "Bounced: Mailbox does not exist" });
    expect(await db.select().from(emailSuppressions).where(eq(emailSuppressions.workspaceId, ws.id))).toMatchObject([{ email: "gone@example.com", reason: "hard bounce" }]);

    const next = await db.transaction((tx) => queueEmail(tx, { workspaceId: ws.id, template: "test", to: "gone@example.com", subject: "Again", element: createElement("p", null, "x"), links: [] }));
    await drainOutbox();
    expect(await statusOf(next)).toMatchObject({ status: "failed", lastError: expect.stringContaining("suppressed (hard bounce)") });

    expect(await liftSuppression({ workspace: ws, actor: { type: "system" }, request }, "GONE@example.com")).toBe(true);
    const third = await db.transaction((tx) => queueEmail(tx, { workspaceId: ws.id, template: "test", to: "gone@example.com", subject: "Third", element: createElement("p", null, "x"), links: [] }));
    await drainOutbox();
    expect((await statusOf(third)).status).toBe("delivered");
  });
});
