import { eq, inArray, sql } from "drizzle-orm";
import { createElement } from "react";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailMessages, emailSuppressions } from "@/db/schema";
import { startFakeResend, type FakeResend } from "@/test/fake-resend";
import { drainOutbox } from "./deliver";
import { queueEmail } from "./outbox";
import { makeResendTransport } from "./transports/resend";

let fake: FakeResend;
let transport: ReturnType<typeof makeResendTransport>;
let run = 0;

async function queue(n: number, prefix = `r${++run}`) {
  const ids: string[] = [];
  await db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      ids.push(await queueEmail(tx, { template: "test", to: `${prefix}-${i}@example.com`, subject: `Hello ${i}`, element: createElement("p", null, `Body ${i}`), links: [] }));
    }
  });
  return ids;
}
const rows = (ids: string[]) => db.select().from(emailMessages).where(inArray(emailMessages.id, ids)).orderBy(emailMessages.id);
/** Makes retries due now instead of after their backoff. */
const dueNow = () => db.execute(sql`update email_messages set next_attempt_at = now() where status = 'queued'`);
const drain = () => drainOutbox({ transport, batchSize: 100 });

beforeAll(async () => {
  fake = await startFakeResend();
  transport = makeResendTransport({ apiKey: "re_test", baseUrl: fake.url });
});
afterAll(() => fake.close());
beforeEach(async () => {
  await db.execute(sql`update email_messages set status = 'failed' where status in ('queued', 'sending')`);
  fake.requests.length = 0;
});

describe("outbox delivery through the Resend SDK (fake Resend)", () => {
  it("sends in batches of at most 100 with one idempotency key per batch; each recipient once", async () => {
    const ids = await queue(150);
    expect(await drain()).toBe(150);
    expect(fake.requests.map((r) => [r.path, r.count, r.status])).toEqual([["/emails/batch", 100, 200], ["/emails/batch", 50, 200]]);
    expect(new Set(fake.requests.map((r) => r.idempotencyKey)).size).toBe(2);
    const sent = await rows(ids);
    expect(sent.every((r) => r.status === "sent" && r.providerMessageId && r.attempts === 1)).toBe(true);
    expect(sent.every((r) => fake.deliveries.get(r.toEmail) === 1)).toBe(true);
  });

  it("a lone message goes to /emails keyed by its row id", async () => {
    const [id] = await queue(1);
    await drain();
    expect(fake.requests).toMatchObject([{ path: "/emails", idempotencyKey: id, status: 200 }]);
  });

  it("429 waits for retry-after, 5xx and cut connections back off; retries reuse the key and never deliver twice", async () => {
    const ids = await queue(3);
    fake.fail("429");
    await drain();
    let [r] = await rows(ids);
    expect(r).toMatchObject({ status: "queued", attempts: 1 });
    expect(r!.lastError).toMatch(/^429/);
    expect(r!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(500);
    expect(await drain()).toBe(0); // not due yet

    fake.fail("500");
    await dueNow();
    await drain();
    fake.fail("lost_reply"); // Resend delivers, the answer never arrives
    await dueNow();
    await drain();
    [r] = await rows(ids);
    expect(r).toMatchObject({ status: "queued", attempts: 3 });
    await dueNow();
    await drain();
    const done = await rows(ids);
    expect(done.map((x) => [x.status, x.attempts])).toEqual([["sent", 4], ["sent", 4], ["sent", 4]]);
    expect(new Set(fake.requests.map((q) => q.idempotencyKey)).size).toBe(1);
    expect(ids.map((_, i) => fake.deliveries.get(`${done[0]!.toEmail.split("-")[0]}-${i}@example.com`))).toEqual([1, 1, 1]);
  });

  it("a crashed worker's claim is retried under the same key after the stuck timeout", async () => {
    const ids = await queue(2);
    fake.fail("lost_reply");
    await drain(); // delivered at the provider; we did not learn it
    await db.execute(sql`update email_messages set status = 'sending', next_attempt_at = now(), updated_at = now() - interval '6 minutes' where id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
    await dueNow();
    await drain();
    const done = await rows(ids);
    expect(done.every((x) => x.status === "sent")).toBe(true);
    expect(done.every((x) => fake.deliveries.get(x.toEmail) === 1)).toBe(true);
  });

  it("a 422 fails at once with the provider's message; a rejected batch is split so only the bad one fails", async () => {
    const [single] = await queue(1);
    fake.fail("422");
    await drain();
    expect((await rows([single!]))[0]).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringContaining("422 validation_error: The `to` field is invalid.") });

    const ids = await queue(3);
    fake.fail("422"); // the batch
    fake.fail("422"); // then the first message on its own
    await drain();
    const after = await rows(ids);
    expect(after.map((x) => x.status).sort()).toEqual(["failed", "sent", "sent"]);
  });

  it("gives up after EMAIL_MAX_ATTEMPTS (8) and never sends to a suppressed address", async () => {
    const [id] = await queue(1);
    fake.fail("500", 8);
    for (let i = 0; i < 8; i++) {
      await dueNow();
      await drain();
    }
    expect((await rows([id!]))[0]).toMatchObject({ status: "failed", attempts: 8 });

    const [blocked] = await queue(1, "bounced");
    await db.insert(emailSuppressions).values({ workspaceId: null, email: "BOUNCED-0@example.com", reason: "hard bounce" });
    const before = fake.requests.length;
    await drain();
    expect((await rows([blocked!]))[0]).toMatchObject({ status: "failed", lastError: expect.stringContaining("suppressed (hard bounce)") });
    expect(fake.requests.length).toBe(before);
    await db.delete(emailSuppressions).where(eq(emailSuppressions.reason, "hard bounce"));
  });
});
