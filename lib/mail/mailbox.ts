import { desc, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { openMessage } from "./sealed";
import { isUuid } from "@/lib/utils";
import type { RequestInfo } from "@/lib/context";
import { devMailboxMode } from "@/lib/env";
import { isLoopback } from "@/lib/request-info";

/**
 * Whether this client may see the dev mailbox (every stored link): by default only a browser on
 * this machine, judged by the client address (the socket's unless trusted proxies are set), never
 * by the URL the app was configured with.
 */
export const mailboxVisibleTo = (request: RequestInfo) => devMailboxMode === "everyone" || (devMailboxMode === "loopback" && isLoopback(request.ip));

/** The dev mailbox: messages delivered by the dev transport, newest first. */
export async function listMailbox(limit = 100) {
  return db
    .select({ id: emailMessages.id, to: emailMessages.toEmail, subject: emailMessages.subject, status: emailMessages.status, createdAt: emailMessages.createdAt })
    .from(emailMessages)
    .where(eq(emailMessages.transport, "dev"))
    .orderBy(desc(emailMessages.createdAt))
    .limit(limit);
}

export async function getMailboxMessage(id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(emailMessages).where(eq(emailMessages.id, id)).limit(1);
  return row?.transport === "dev" ? openMessage(row) : undefined;
}
