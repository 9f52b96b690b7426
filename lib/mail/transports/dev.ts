import { env } from "@/lib/env";
import type { Transport } from "./types";

/**
 * Development transport: the message row itself is the mailbox (/dev/mailbox lists it), and
 * each link is printed to the server log so a developer can click through without email.
 */
export const devTransport: Transport = {
  name: "dev",
  async send(message) {
    if (env.LOG_LINKS) {
      const links = message.links.length ? message.links.map((l) => `\n    ${l}`).join("") : " (no links)";
      console.log(`[mailbox] to=${message.toEmail} subject="${message.subject}"${links}`);
    }
    return { ok: true, delivered: true };
  },
};
