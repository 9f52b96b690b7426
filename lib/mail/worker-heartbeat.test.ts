import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db, dbHandle, rowsOf } from "@/db/client";
import { startFakeResend, type FakeResend } from "@/test/fake-resend";
import { startWorker, type Proc } from "@/test/system/harness";
import { queueRendered } from "./outbox";

const N = 40;
const handle = dbHandle();
const url = handle.kind === "postgres" ? handle.url : undefined;

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms: number, every = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

// Worker processes share the database only on PostgreSQL; CI runs this file there.
describe.runIf(url)("a worker SIGKILLed right after it claimed a batch", () => {
  let fake: FakeResend;
  const workers: Proc[] = [];
  afterAll(async () => {
    for (const w of workers) w.kill("SIGKILL");
    await fake?.close();
  });

  it("has its batch delivered by the other worker within 30 s, exactly once (same idempotency key)", async () => {
    // The provider delivers at once and answers 3 s later: the kill lands while the batch is claimed and maybe delivered.
    fake = await startFakeResend({ replyDelayMs: 3000 });
    const env = { DATABASE_URL: url, RESEND_API_KEY: "re_test", RESEND_BASE_URL: fake.url, EMAIL_BATCH_SIZE: "10", EMAIL_PROVIDER_RPS: "50", EMAIL_STUCK_AFTER_S: undefined };
    workers.push(startWorker({ env }), startWorker({ env }));
    await Promise.all(workers.map((w) => w.waitFor(/running/)));
    const ids = await until(
      "both heartbeats",
      async () => {
        const rows = await rowsOf<{ id: string; pid: number }>(db, sql`select id, pid from worker_heartbeats where stopped_at is null and pid in (${workers[0]!.pid}, ${workers[1]!.pid})`);
        return rows.length === 2 && new Map(rows.map((r) => [r.pid, r.id]));
      },
      10_000,
    );
    await db.transaction((tx) =>
      queueRendered(tx, Array.from({ length: N }, (_, i) => ({ template: "test", to: `hb-${i}@example.com`, subject: `Hello ${i}`, html: `<p>${i}</p>`, text: `${i}`, links: [] }))),
    );
    // The first claim either worker makes: that worker dies at once.
    const claim = await until(
      "a claim",
      async () => (await rowsOf<{ claimed_by: string; n: number }>(db, sql`select claimed_by, count(*)::int as n from email_messages where status = 'sending' and claimed_by is not null group by claimed_by limit 1`))[0],
      20_000,
      20,
    );
    const victim = workers.find((w) => ids.get(w.pid) === claim.claimed_by)!;
    victim.kill("SIGKILL");
    const killedAt = Date.now();
    await victim.exited;
    const sent = async () => (await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from email_messages where to_email like 'hb-%' and status = 'sent'`))[0]!.n === N;
    await until("every email sent by the survivor", sent, 30_000, 200);
    const seconds = (Date.now() - killedAt) / 1000;
    const counts = [...fake.deliveries].filter(([to]) => to.startsWith("hb-")).map(([, n]) => n);
    console.log(`[heartbeat] killed pid ${victim.pid} holding ${claim.n} claimed emails; all ${N} sent ${seconds.toFixed(1)} s after the kill; recipients ${counts.length}, max deliveries per recipient ${Math.max(...counts)}`);
    expect(seconds).toBeLessThan(30);
    expect(counts).toHaveLength(N);
    expect(counts.every((n) => n === 1)).toBe(true);
  }, 90_000);
});
