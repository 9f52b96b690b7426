import { unseal } from "@/lib/mail/sealed";
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { queueEmail, wakeOutbox } from "@/lib/mail/outbox";
import { startWorker } from "./worker";

describe("background worker (real pg-boss on the test database)", () => {
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  afterAll(async () => worker?.stop());

  it("delivers an outbox row committed with its change, once woken", async () => {
    worker = await startWorker();
    const id = await db.transaction((tx) =>
      queueEmail(tx, {
        template: "test",
        to: "learner@example.com",
        subject: "Hello",
        element: createElement("p", null, "Open ", createElement("a", { href: "http://localhost/x" }, "this")),
        links: ["http://localhost/x"],
      }),
    );
    await wakeOutbox();
    const deadline = Date.now() + 15_000;
    let status = "queued";
    while (Date.now() < deadline && status !== "delivered") {
      await new Promise((r) => setTimeout(r, 200));
      status = (await db.select({ s: emailMessages.status }).from(emailMessages).where(eq(emailMessages.id, id)))[0]!.s;
    }
    expect(status).toBe("delivered");
    const [row] = await db.select().from(emailMessages).where(eq(emailMessages.id, id));
    expect(row!.attempts).toBe(1);
    expect(row!.transport).toBe("dev");
    expect(unseal(row!.text)).toContain("Open");
  });
});
