import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailMessages, workerHeartbeats } from "@/db/schema";
import { markStopped, registerWorker } from "@/lib/jobs/heartbeat";
import { startFakeResend, type FakeResend } from "@/test/fake-resend";
import { drainOutbox, releaseClaims } from "./deliver";
import { queueRendered } from "./outbox";
import { makeResendTransport } from "./transports/resend";

let fake: FakeResend;
let transport: ReturnType<typeof makeResendTransport>;
let run = 0;
beforeAll(async () => {
  fake = await startFakeResend();
  transport = makeResendTransport({ apiKey: "re_test", baseUrl: fake.url });
});
afterAll(() => fake.close());
beforeEach(async () => {
  await db.execute(sql`update email_messages set status = 'failed' where status in ('queued', 'sending')`);
  fake.requests.length = 0;
});

async function queue(n: number) {
  const prefix = `claims${++run}`;
  return db.transaction((tx) =>
    queueRendered(tx, Array.from({ length: n }, (_, i) => ({ template: "test", to: `${prefix}-${i}@example.com`, subject: `Hello ${i}`, html: `<p>${i}</p>`, text: `${i}`, links: [] }))),
  );
}
const rows = (ids: string[]) => db.select().from(emailMessages).where(inArray(emailMessages.id, ids)).orderBy(emailMessages.id);
/** As a worker that claimed `ids` as one group and has not recorded the result yet. */
const claimAs = (ids: string[], worker: string, key: string) =>
  db.update(emailMessages).set({ status: "sending", claimedBy: worker, sendKey: key, attempts: 1, updatedAt: new Date() }).where(inArray(emailMessages.id, ids));

describe("claims and worker heartbeats", () => {
  it("stamps its claims with the worker's id, and clears it when the result is recorded", async () => {
    const me = await registerWorker();
    const ids = await queue(2);
    let seen: (string | null)[] = [];
    const watching = { ...transport, send: async (...args: Parameters<typeof transport.send>) => ((seen = (await rows(ids)).map((r) => r.claimedBy)), transport.send(...args)) };
    await drainOutbox({ transport: watching, batchSize: 10, claimedBy: me });
    expect(seen).toEqual([me, me]);
    expect((await rows(ids)).map((r) => [r.status, r.claimedBy])).toEqual([["sent", null], ["sent", null]]);
  });

  it("releases at once what a gone worker claimed (silent or stopped), under the same key; a live worker's claim stays", async () => {
    const [dead, stopped, live, me] = [await registerWorker(), await registerWorker(), await registerWorker(), await registerWorker()];
    await db.update(workerHeartbeats).set({ beatAt: sql`now() - interval '1 minute'` }).where(eq(workerHeartbeats.id, dead));
    await markStopped(stopped);
    const [a, b, c] = [await queue(3), await queue(2), await queue(2)];
    await claimAs(a, dead, "key-of-the-dead");
    await claimAs(b, stopped, "key-of-the-stopped");
    await claimAs(c, live, "key-of-the-living");
    // EMAIL_STUCK_AFTER_S (300 s) has not passed: only the heartbeats free them.
    await drainOutbox({ transport, batchSize: 10, claimedBy: me });
    expect((await rows(a)).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    expect((await rows(b)).map((r) => r.status)).toEqual(["sent", "sent"]);
    expect((await rows(c)).map((r) => [r.status, r.claimedBy])).toEqual([["sending", live], ["sending", live]]);
    const keys = fake.requests.filter((r) => r.status === 200).map((r) => r.idempotencyKey).sort();
    expect(keys).toEqual(["key-of-the-dead", "key-of-the-stopped"]);
  });

  it("a stopping worker puts back what it claimed and did not send: same key, attempt not counted", async () => {
    const me = await registerWorker();
    const ids = await queue(2);
    await claimAs(ids, me, "key-released");
    expect(await releaseClaims(me)).toBe(2);
    expect((await rows(ids)).map((r) => [r.status, r.sendKey, r.attempts, r.claimedBy])).toEqual([
      ["queued", "key-released", 0, null],
      ["queued", "key-released", 0, null],
    ]);
    await drainOutbox({ transport, batchSize: 10 });
    expect(fake.requests.filter((r) => r.status === 200).map((r) => r.idempotencyKey)).toEqual(["key-released"]);
  });

  it("stops claiming when asked to", async () => {
    const ids = await queue(3);
    expect(await drainOutbox({ transport, batchSize: 1, stopping: () => true })).toBe(0);
    expect((await rows(ids)).map((r) => r.status)).toEqual(["queued", "queued", "queued"]);
  });
});
