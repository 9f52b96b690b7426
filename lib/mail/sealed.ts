/**
 * Email bodies carry live links; the outbox keeps them sealed (AES-256-GCM, key derived from
 * AUTH_SECRET) so that a dump of the database shows no usable token (SPEC §3: secrets are
 * stored only as hashes). The worker and the dev mailbox open them when they need the text.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { EmailMessage } from "@/db/schema";
import { authSecret } from "@/lib/env";

const PREFIX = "sealed:v1:";
let key: Buffer | undefined;
const keyOf = () => (key ??= Buffer.from(hkdfSync("sha256", authSecret(), "portico", "outbox sealing v1", 32)));

export function seal(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function unseal(value: string): string {
  if (!value.startsWith(PREFIX)) return value;
  const raw = Buffer.from(value.slice(PREFIX.length), "base64");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** The message with its body and links readable, for sending or showing. */
export function openMessage<T extends Pick<EmailMessage, "html" | "text" | "links">>(m: T): T {
  return { ...m, html: unseal(m.html), text: unseal(m.text), links: m.links.map(unseal) };
}
