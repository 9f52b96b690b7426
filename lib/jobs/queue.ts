import { getBoss, jobsEnabled, QUEUES } from "./boss";

/** Asks a worker to deliver due outbox rows now. */
export async function requestOutboxDrain(): Promise<void> {
  if (!jobsEnabled()) return;
  const boss = await getBoss("client");
  await boss.send(QUEUES.outbox, {});
}
