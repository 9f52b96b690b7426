import { desc, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { emailMessages } from "@/db/schema";
import { openMessage } from "./sealed";
import { isUuid } from "@/lib/utils";
import type { HeaderReader } from "@/lib/http/responses";
import { devMailboxMode } from "@/lib/env";
import { directPeerAddress, isLoopback } from "@/lib/request-info";

/**
 * Whether this request may see the dev mailbox (every stored link): by default only a browser on
 * this machine — the socket is loopback and nothing forwarded it (a reverse proxy on this machine
 * makes every visitor's socket loopback, but it names them in a forwarding header). Never judged
 * by X-Forwarded-For's contents nor by the URL the app was configured with.
 */
export function mailboxVisibleTo(headers: HeaderReader): boolean {
  if (devMailboxMode === "everyone") return true;
  if (devMailboxMode === "off") return false;
  return isLoopback(directPeerAddress(headers));
}

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
