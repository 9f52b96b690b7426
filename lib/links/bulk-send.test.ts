import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { authTokens, emailMessages } from "@/db/schema";
import { drainOutbox } from "@/lib/mail/deliver";
import { openMessage } from "@/lib/mail/sealed";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { bulkSendProgress, sendLoginEmails } from "./bulk-send";
import { hashSecret } from "./secret";

describe("bulk Send Login Email", () => {
  it("queues one working login link per contact with access, skips the rest, and reports progress", async () => {
    const ws = await makeWorkspace();
    const withAccess = [await makeContact(ws), await makeContact(ws), await makeContact(ws)];
    const noAccess = await makeContact(ws, { access: false });
    const ids = [...withAccess.map((c) => c.id), noAccess.id, withAccess[0]!.id];
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    const { batchId, queued, skipped } = await sendLoginEmails(ctx, ids);
    expect({ queued, skipped }).toEqual({ queued: 3, skipped: 1 });
    expect(await bulkSendProgress(ws.id, batchId)).toEqual({ total: 3, queued: 3, sent: 0, failed: 0 });
    await drainOutbox();
    expect(await bulkSendProgress(ws.id, batchId)).toEqual({ total: 3, queued: 0, sent: 3, failed: 0 });
    const [m] = await db.select().from(emailMessages).where(eq(emailMessages.contactId, withAccess[1]!.id));
    const opened = openMessage(m!);
    expect(opened.text).toContain(opened.links[0]);
    const [token] = await db.select().from(authTokens).where(eq(authTokens.tokenHash, hashSecret(opened.links[0]!.split("/").pop()!)));
    expect(token).toMatchObject({ kind: "login_link", contactId: withAccess[1]!.id, issuedVia: "admin_bulk" });
  });
});
