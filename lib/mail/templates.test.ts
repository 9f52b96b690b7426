import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { authTokens, emailMessages } from "@/db/schema";
import { hashSecret } from "@/lib/links/secret";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { drainOutbox } from "./deliver";
import { openMessage } from "./sealed";
import { checkTemplate, previewTemplate, saveTemplate, sendTemplate } from "./templates";

describe("custom templates (strict Liquid merge fields)", () => {
  it("refuses unknown fields, unknown filters and broken syntax at save time", async () => {
    expect(checkTemplate({ subject: "Hi {{contact.first_name}}", body: "Go: {{login_url}} — {{workspace.name}}" })).toBeNull();
    expect(checkTemplate({ subject: "Hi {{contact.nickname}}", body: "ok" })).toEqual({ subject: "Unknown field: {{contact.nickname}}. Use one of the fields listed." });
    // A sign-in link in a subject would show in inbox lists, the delivery log and run history.
    expect(checkTemplate({ subject: "Sign in: {{ login_url }}", body: "ok" })?.subject).toMatch(/not its subject/);
    expect(checkTemplate({ subject: "x", body: "{{ contact.first_name | shout }}" })?.body).toMatch(/not a valid template/);
    expect(checkTemplate({ subject: "x", body: "{% if contact.email %}unclosed" })?.body).toMatch(/not a valid template/);
    const ws = await makeWorkspace();
    const saved = await saveTemplate({ workspace: ws, actor: { type: "system" }, request }, { name: "Bad", subject: "{{oops}}", body: "x" });
    expect(saved).toMatchObject({ ok: false, fieldErrors: { subject: expect.stringContaining("{{oops}}") } });
  });

  it("sends to contacts with a fresh one-time login link each; merge values are escaped in HTML", async () => {
    const ws = await makeWorkspace();
    const ctx = { workspace: ws, actor: { type: "system" as const }, request };
    const a = await makeContact(ws, { firstName: "<Ann>" });
    const b = await makeContact(ws, { firstName: "Ben" });
    const saved = await saveTemplate(ctx, { name: "Nudge", subject: "{{contact.first_name}}, your {{workspace.name}} link", body: "Hi {{contact.first_name}},\nSign in: {{login_url}}" });
    if (!saved.ok) throw new Error("not saved");
    const preview = await previewTemplate(ws, { subject: "{{contact.first_name}}", body: "{{login_url}}" }, a);
    expect(preview.ok && preview.email.text).toContain("/l/one-time-link-created-when-sent");

    const sent = await sendTemplate(ctx, { templateId: saved.id, contactIds: [a.id, b.id] });
    expect(sent).toMatchObject({ ok: true, queued: 2 });
    await drainOutbox();
    const [ma] = (await db.select().from(emailMessages).where(eq(emailMessages.contactId, a.id))).map(openMessage);
    const [mb] = (await db.select().from(emailMessages).where(eq(emailMessages.contactId, b.id))).map(openMessage);
    expect(ma!.subject).toBe(`<Ann>, your ${ws.name} link`);
    expect(ma!.html).toContain("Hi &#60;Ann&#62;,<br/>Sign in: ");
    expect(ma!.html).not.toContain("<Ann>");
    expect(ma!.links[0]).not.toBe(mb!.links[0]);
    const [token] = await db.select().from(authTokens).where(eq(authTokens.tokenHash, hashSecret(ma!.links[0]!.split("/").pop()!)));
    expect(token).toMatchObject({ kind: "login_link", contactId: a.id, issuedVia: "template" });

    const workflowOnly = await saveTemplate(ctx, { name: "Course", subject: "About {{product.title}}", body: "x" });
    expect(await sendTemplate(ctx, { templateId: workflowOnly.ok ? workflowOnly.id : "", contactIds: [a.id] })).toMatchObject({ ok: false });
  });
});
