import { env } from "@/lib/env";
import type { Transport } from "./types";

/**
 * Development transport: the message row itself is the mailbox (/dev/mailbox lists it), and
 * each link is printed to the server log so a developer can click through without email.
 */
export const devTransport: Transport = {
  name: "dev",
  async send(messages) {
    if (env.LOG_LINKS) {
      for (const m of messages) {
        const links = m.links.length ? m.links.map((l) => `\n    ${l}`).join("") : " (no links)";
        // Deliberately outside the logger (which cuts link secrets out): LOG_LINKS is a development switch.
        console.log(`[mailbox] to=${m.toEmail} subject="${m.subject}"${links}`);
      }
    }
    // An id in the provider column, as Resend gives one, so webhooks can be exercised locally too.
    return { ok: true, providerMessageIds: messages.map((m) => `dev_${m.id}`), delivered: true };
  },
};
