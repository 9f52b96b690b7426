/**
 * The shared loop of every bulk send (login emails, templates): the workspace's contacts
 * among the given ids (deduplicated, optionally narrowed), 1,000 per transaction with two
 * transactions in flight — one renders while the database writes the other — and the worker
 * woken after each. Returns how many contacts were queued.
 */
import { and, eq, inArray, type SQL } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { contacts, type Contact } from "@/db/schema";
import { wakeOutbox } from "./outbox";

const CHUNK = 1000;

export async function queueForContacts(input: {
  workspaceId: string;
  contactIds: string[];
  where?: SQL;
  queue: (tx: Tx, recipients: Contact[]) => Promise<unknown>;
}): Promise<number> {
  const unique = [...new Set(input.contactIds)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += CHUNK) chunks.push(unique.slice(i, i + CHUNK));
  let queued = 0;
  let next = 0;
  const queueChunk = (ids: string[]) =>
    db.transaction(async (tx) => {
      const rows = await tx.select().from(contacts).where(and(eq(contacts.workspaceId, input.workspaceId), inArray(contacts.id, ids), input.where));
      await input.queue(tx, rows);
      return rows.length;
    });
  await Promise.all(
    [0, 1].map(async () => {
      while (next < chunks.length) {
        const n = await queueChunk(chunks[next++]!);
        queued += n; // not `queued += await …`: that reads `queued` before the other chunk adds to it
        await wakeOutbox();
      }
    }),
  );
  return queued;
}
