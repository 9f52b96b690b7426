import { sql } from "drizzle-orm";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db, dbHandle, rowsOf } from "@/db/client";
import { startFakeResend, type FakeResend } from "@/test/fake-resend";
import { queueRendered } from "./outbox";

const N = 1000;
const handle = dbHandle();
const url = handle.kind === "postgres" ? handle.url : undefined;

function startWorkerProcess(fake: FakeResend): ChildProcess {
  const root = path.resolve(import.meta.dirname, "../..");
  // One process (node --import tsx), so SIGKILL really kills the worker; tsx's CLI would leave a child running.
  return spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      RESEND_API_KEY: "re_test",
      RESEND_BASE_URL: fake.url,
      EMAIL_BATCH_SIZE: "50",
      EMAIL_PROVIDER_RPS: "4",
      EMAIL_STUCK_AFTER_S: "3",
      LOG_LINKS: "false",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A worker is its own process only against PostgreSQL (PGlite lives inside one process); CI runs this file there.
describe.runIf(url)("a worker killed in the middle of a 1,000-email send", () => {
  let fake: FakeResend;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await fake?.close();
  });

  it("loses nothing and delivers nothing twice after a restart", async () => {
    // Each answer comes 400 ms after the delivery, so the kill lands between the two.
    fake = await startFakeResend({ ratePerSecond: 4, replyDelayMs: 400 });
    await db.transaction((tx) =>
      queueRendered(
        tx,
        Array.from({ length: N }, (_, i) => ({ template: "test", to: `crash-${i}@example.com`, subject: `Hello ${i}`, html: `<p>${i}</p>`, text: `${i}`, links: [] })),
      ),
    );
    const first = startWorkerProcess(fake);
    children.push(first);
    await until("a few batches", () => fake.delivered.length >= 200, 30_000);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const afterKill = fake.delivered.length;
    expect(afterKill).toBeLessThan(N);
    // The batch the provider delivered but the worker never heard back about is still claimed.
    const inFlight = (await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from email_messages where to_email like 'crash-%' and status = 'sending'`))[0]!.n;
    expect(inFlight).toBeGreaterThan(0);

    const second = startWorkerProcess(fake);
    children.push(second);
    const sentCount = async () => (await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from email_messages where to_email like 'crash-%' and status = 'sent'`))[0]!.n;
    await until("every email sent", async () => (await sentCount()) === N, 90_000);
    const counts = [...fake.deliveries].filter(([to]) => to.startsWith("crash-")).map(([, n]) => n);
    console.log(`[crash] delivered before the kill: ${afterKill} (${inFlight} of them unconfirmed); recipients: ${counts.length}; max deliveries per recipient: ${Math.max(...counts)}`);
    second.kill("SIGKILL");
    await new Promise((r) => second.once("exit", r));
    expect(counts.length).toBe(N);
    expect(counts.every((n) => n === 1)).toBe(true);
  }, 150_000);
});
