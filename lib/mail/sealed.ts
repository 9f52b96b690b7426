/**
 * Email bodies carry live links; the outbox keeps them sealed (AES-256-GCM, key derived from
 * AUTH_SECRET) so that a dump of the database shows no usable token (SPEC §3: secrets are
 * stored only as hashes). The worker and the dev mailbox open them when they need the text.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { EmailMessage } from "@/db/schema";
import { authSecret } from "@/lib/env";

const PREFIX = "sealed:v1:";
/** v2: deflated, then sealed as v1 — email bodies (≈ 6× smaller: PostgreSQL stores and logs ≈ 4 kB instead of ≈ 25 kB of incompressible ciphertext per email). */
const PREFIX_Z = "sealed:v2:";
let key: Buffer | undefined;
const keyOf = () => (key ??= Buffer.from(hkdfSync("sha256", authSecret(), "portico", "outbox sealing v1", 32)));

function encrypt(plain: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

function decrypt(b64: string): Buffer {
  const raw = Buffer.from(b64, "base64");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

export function seal(plain: string): string {
  return PREFIX + encrypt(Buffer.from(plain, "utf8"));
}

/**
 * For email bodies: deflated before sealing. The sizes of stored rows are not shown anywhere
 * (a length oracle would need them), and the dashboard shows bodies only opened, to admins.
 */
export function sealCompressed(plain: string): string {
  return PREFIX_Z + encrypt(deflateRawSync(Buffer.from(plain, "utf8"), { level: 1 }));
}

export function unseal(value: string): string {
  if (value.startsWith(PREFIX_Z)) return inflateRawSync(decrypt(value.slice(PREFIX_Z.length))).toString("utf8");
  if (!value.startsWith(PREFIX)) return value;
  return decrypt(value.slice(PREFIX.length)).toString("utf8");
}

/** The message with its body and links readable, for sending or showing. */
export function openMessage<T extends Pick<EmailMessage, "html" | "text" | "links">>(m: T): T {
  return { ...m, html: unseal(m.html), text: unseal(m.text), links: m.links.map(unseal) };
}
