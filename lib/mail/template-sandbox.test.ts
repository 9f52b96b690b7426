import { eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { customTemplates, emailMessages } from "@/db/schema";
import { authSecret, dataDir } from "@/lib/env";
import { makeContact, makeWorkspace, request } from "@/test/fixtures";
import { openMessage } from "./sealed";
import { previewTemplate, saveTemplate, sendTemplate, sendTestEmail, templateRenderer } from "./templates";

const system = { type: "system" as const };
const marker = `MARKER-${randomBytes(8).toString("hex")}`;
const markerName = `.template-sandbox-${randomBytes(4).toString("hex")}.txt`;
const markerPath = path.join(process.cwd(), markerName);
const NESTED = "{% for i in (1..3000) %}{% for j in (1..3000) %}{{ i }}{% endfor %}{% endfor %}";

beforeAll(() => fs.writeFileSync(markerPath, marker));
afterAll(() => fs.rmSync(markerPath, { force: true }));

/** Every way to name a file we know of: the marker (relative, absolute, via ../), the session secret, .env. */
function fileReads() {
  const secretRelative = path.relative(process.cwd(), path.join(dataDir, "auth-secret"));
  const paths = [markerName, `./${markerName}`, markerPath, `../${path.basename(process.cwd())}/${markerName}`, secretRelative, path.join(dataDir, "auth-secret"), ".env", "/etc/hostname"];
  return paths.flatMap((p) => [
    { tag: "include", body: `Hi {% include "${p}" %}` },
    { tag: "render", body: `Hi {% render '${p}' %}` },
    { tag: "layout", body: `{% layout "${p}" %}Hi` },
    { tag: "include", body: `{% assign f = "${p}" %}{% include f %}` },
    { tag: "include", body: `{%- liquid\n  include "${p}"\n-%}` },
  ]);
}

/** What must never show up in anything an admin sees or is sent. */
function secrets() {
  const envValues = Object.values(process.env).filter((v): v is string => !!v && v.length >= 16);
  return [marker, authSecret(), ...envValues];
}
const leaks = (text: string) => secrets().filter((s) => text.includes(s));

describe("custom templates cannot read files", () => {
  it("refuses include, render and layout when a template is saved, naming the tag", async () => {
    const ws = await makeWorkspace();
    const ctx = { workspace: ws, actor: system, request };
    for (const { tag, body } of fileReads()) {
      const saved = await saveTemplate(ctx, { name: "Hostile", subject: "Hello", body });
      expect(saved, body).toMatchObject({ ok: false, fieldErrors: { body: expect.stringContaining(`{% ${tag} %}`) } });
      if (!saved.ok) expect(leaks(JSON.stringify(saved))).toEqual([]);
    }
    const inSubject = await saveTemplate(ctx, { name: "Hostile", subject: `{% render "${markerName}" %}`, body: "ok" });
    expect(inSubject).toMatchObject({ ok: false, fieldErrors: { subject: expect.stringContaining("{% render %}") } });
    expect(await db.select().from(customTemplates).where(eq(customTemplates.workspaceId, ws.id))).toEqual([]);
  });

  it("refuses them at render time too, for a template row written straight into the database", async () => {
    const ws = await makeWorkspace();
    const ctx = { workspace: ws, actor: system, request };
    const contact = await makeContact(ws);
    for (const { tag, body } of fileReads().slice(0, 5)) {
      const [row] = await db.insert(customTemplates).values({ workspaceId: ws.id, name: "Planted", subject: "Hi", body }).returning();
      const sent = await sendTemplate(ctx, { templateId: row!.id, contactIds: [contact.id] });
      expect(sent).toMatchObject({ ok: false, error: expect.stringContaining(`{% ${tag} %}`) });
      await expect(templateRenderer(ws, row!)).rejects.toThrow(`{% ${tag} %}`);
    }
    expect(await db.select().from(emailMessages).where(eq(emailMessages.workspaceId, ws.id))).toEqual([]);
  });

  it("preview and send test of a hostile template show and send nothing from a file or the environment", async () => {
    const ws = await makeWorkspace();
    const ctx = { workspace: ws, actor: system, request };
    const admin = { email: `admin-${randomBytes(4).toString("hex")}@example.com`, name: "Ada Admin" };
    for (const { tag, body } of fileReads()) {
      const preview = await previewTemplate(ws, { subject: "Hi", body }, { email: "dana@example.com", firstName: "Dana", lastName: "Sample" });
      expect(preview).toMatchObject({ ok: false, error: expect.stringContaining(`{% ${tag} %}`) });
      expect(leaks(JSON.stringify(preview))).toEqual([]);
      const test = await sendTestEmail(ctx, { template: { subject: `{% ${tag} "${markerPath}" %}`, body }, to: admin });
      expect(test).toMatchObject({ ok: false });
      expect(leaks(JSON.stringify(test))).toEqual([]);
    }
    const sent = (await db.select().from(emailMessages).where(eq(emailMessages.workspaceId, ws.id))).map(openMessage);
    expect(sent).toEqual([]);
  });
});

describe("custom template renders are bounded", () => {
  it("stops a 3000×3000 nested loop quickly with a clear message, at save, preview, send test and send", async () => {
    const ws = await makeWorkspace();
    const ctx = { workspace: ws, actor: system, request };
    const contact = await makeContact(ws);
    const timed = async <T>(fn: () => Promise<T>) => {
      const started = performance.now();
      const result = await fn();
      expect(performance.now() - started).toBeLessThan(2000);
      return result;
    };
    const clear = expect.stringMatching(/repeats too much .*Shorten or remove the loops/);
    expect(await timed(() => saveTemplate(ctx, { name: "Loop", subject: "Hi", body: NESTED }))).toMatchObject({ ok: false, fieldErrors: { body: clear } });
    expect(await timed(() => previewTemplate(ws, { subject: "Hi", body: NESTED }, contact))).toMatchObject({ ok: false, error: clear });
    expect(await timed(() => sendTestEmail(ctx, { template: { subject: "Hi", body: NESTED }, to: { email: "admin@example.com", name: "Ada" } }))).toMatchObject({ ok: false, error: clear });
    // Loops over one small list, nested: little memory, a billion steps.
    const cube = "{% assign r = (1..1000) %}{% for a in r %}{% for b in r %}{% for c in r %}.{% endfor %}{% endfor %}{% endfor %}";
    expect(await timed(() => previewTemplate(ws, { subject: "Hi", body: cube }, contact))).toMatchObject({ ok: false, error: clear });
    const [row] = await db.insert(customTemplates).values({ workspaceId: ws.id, name: "Planted loop", subject: "Hi", body: NESTED }).returning();
    expect(await timed(() => sendTemplate(ctx, { templateId: row!.id, contactIds: [contact.id] }))).toMatchObject({ ok: false, error: clear });
    expect(await db.select().from(emailMessages).where(eq(emailMessages.workspaceId, ws.id))).toEqual([]);
  });

  it("stops a slow template at the time limit with a clear message", async () => {
    const ws = await makeWorkspace();
    // ~4,900 loop steps (under the step limit), each scanning a 190,000-item list: seconds of work.
    const slow = "{% assign r = (1..190000) %}{% for i in (1..4900) %}{% if r contains 0 %}{% endif %}{% endfor %}";
    const started = performance.now();
    const preview = await previewTemplate(ws, { subject: "Hi", body: slow }, { email: "dana@example.com", firstName: "Dana", lastName: "Sample" });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(preview).toMatchObject({ ok: false, error: expect.stringMatching(/takes too long to render \(over 250 ms\)/) });
  });

  it("caps the output size and the text a template builds, with a clear message", async () => {
    const ws = await makeWorkspace();
    const person = { email: "dana@example.com", firstName: "Dana", lastName: "Sample" };
    const line = "x".repeat(1000);
    const long = `{% for i in (1..300) %}${line}{% endfor %}`;
    expect(await previewTemplate(ws, { subject: "Hi", body: long }, person)).toMatchObject({ ok: false, error: expect.stringMatching(/too long an email/) });
    const captured = `{% capture a %}{% for i in (1..60) %}${line}{% endfor %}{% endcapture %}{% capture b %}{{ a }}{{ a }}{% endcapture %}ok`;
    expect(await previewTemplate(ws, { subject: "Hi", body: captured }, person)).toMatchObject({ ok: false, error: expect.stringMatching(/too long an email/) });
    const grown = `{% assign s = "${line}" %}{% for i in (1..20) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}`;
    expect(await previewTemplate(ws, { subject: "Hi", body: grown }, person)).toMatchObject({ ok: false, error: expect.stringMatching(/too much text or too long lists/) });
    // One filter call over a list cannot be interrupted by the time limit: the per-item expression filters are not there.
    expect(await previewTemplate(ws, { subject: "Hi", body: '{% assign r = (1..90000) | where_exp: "i", "i == 1 or i == 2" %}' }, person)).toMatchObject({ ok: false, error: expect.stringMatching(/undefined filter: where_exp/) });
    const fine = `{% for i in (1..3) %}{{ contact.first_name }} {% endfor %}`;
    expect(await previewTemplate(ws, { subject: "Hi", body: fine }, person)).toMatchObject({ ok: true, email: { text: expect.stringContaining("Dana Dana Dana") } });
  });
});
