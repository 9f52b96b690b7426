import { inArray, sql } from "drizzle-orm";
import { createCipheriv, randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { startFakeResend, type FakeResend } from "@/test/fake-resend";
import { drainOutbox, log, UNDECRYPTABLE_ERROR } from "./deliver";
import { queueRendered } from "./outbox";
import { makeResendTransport } from "./transports/resend";

/** What another installation (another AUTH_SECRET, so another key) would have stored: same format as lib/mail/sealed.ts. */
function sealedElsewhere(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", randomBytes(32), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return "sealed:v1:" + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

let fake: FakeResend;
let transport: ReturnType<typeof makeResendTransport>;
beforeAll(async () => {
  fake = await startFakeResend();
  transport = makeResendTransport({ apiKey: "re_test", baseUrl: fake.url });
});
afterAll(() => fake.close());
beforeEach(async () => {
  await db.execute(sql`update email_messages set status = 'failed' where status in ('queued', 'sending')`);
  fake.requests.length = 0;
});

describe("an email sealed under another AUTH_SECRET", () => {
  it("fails at once with a clear reason, logged once per batch, and the readable ones in the batch are sent", async () => {
    const ids = await db.transaction((tx) =>
      queueRendered(
        tx,
        Array.from({ length: 5 }, (_, i) => ({ template: "test", to: `undecryptable-${i}@example.com`, subject: `Hello ${i}`, html: `<p>${i}</p>`, text: `${i}`, links: [] })),
      ),
    );
    const [bad1, bad2, bad3] = ids;
    // Three of the five were queued by a web server with another secret.
    await db.execute(sql`update email_messages set html = ${sealedElsewhere("<p>x</p>")}, text = ${sealedElsewhere("x")} where id in (${bad1!}::uuid, ${bad2!}::uuid, ${bad3!}::uuid)`);
    const errors = vi.spyOn(log, "error");
    let logged: string[];
    try {
      await drainOutbox({ transport, batchSize: 100 });
      logged = errors.mock.calls.map((args) => args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    } finally {
      errors.mockRestore();
    }
    const rows = await db.select().from(emailMessages).where(inArray(emailMessages.id, ids));
    const bad = rows.filter((r) => [bad1, bad2, bad3].includes(r.id));
    const good = rows.filter((r) => ![bad1, bad2, bad3].includes(r.id));
    expect(bad.map((r) => r.status)).toEqual(["failed", "failed", "failed"]);
    expect(bad.every((r) => r.lastError === UNDECRYPTABLE_ERROR && r.attempts === 1 && r.failedAt !== null && r.claimedBy === null)).toBe(true);
    expect(UNDECRYPTABLE_ERROR).toMatch(/^Cannot decrypt this email: the worker's AUTH_SECRET differs from the one that queued it/);
    expect(good.map((r) => r.status)).toEqual(["sent", "sent"]);
    // One provider call for the two readable ones, none for the others.
    expect(fake.requests.filter((r) => r.status === 200).map((r) => r.count)).toEqual([2]);
    expect(fake.deliveries.has("undecryptable-0@example.com")).toBe(false);
    // Loud, once for the batch, not once per row.
    const lines = logged.filter((l) => l.includes("Cannot decrypt this email"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("3 of 5 emails");

    // Not retried: a second drain sends nothing and leaves them failed.
    await db.execute(sql`update email_messages set next_attempt_at = now() where status = 'queued'`);
    await drainOutbox({ transport, batchSize: 100 });
    expect(fake.requests.filter((r) => r.status === 200)).toHaveLength(1);
    expect((await db.select().from(emailMessages).where(inArray(emailMessages.id, [bad1!]))).map((r) => r.status)).toEqual(["failed"]);
  });
});
