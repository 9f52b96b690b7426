/**
 * The backup file: a plain tar (ustar) holding a manifest, PGlite's own dump of the data
 * directory and the generated AUTH_SECRET, so one file is the whole embedded installation and
 * `tar tf` shows what is in it. Only regular files, names under 100 bytes.
 */
import { createHash } from "node:crypto";

export type Entry = { name: string; data: Buffer; mode?: number };

const BLOCK = 512;

function header(e: Entry): Buffer {
  const h = Buffer.alloc(BLOCK);
  const put = (value: string, offset: number, length: number) => h.write(value, offset, length, "utf8");
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, "0") + "\0";
  if (Buffer.byteLength(e.name) > 99 || !/^[A-Za-z0-9._-]+$/.test(e.name)) throw new Error(`bad archive entry name ${e.name}`);
  put(e.name, 0, 100);
  put(octal(e.mode ?? 0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(e.data.length, 12), 124, 12);
  put(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  put("        ", 148, 8);
  put("0", 156, 1);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8);
  return h;
}

export function writeTar(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e), e.data, Buffer.alloc((BLOCK - (e.data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/** The entries of a tar written by writeTar (or any ustar of regular files); throws on a damaged one. */
export function readTar(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 0;
  while (at + BLOCK <= buf.length) {
    const h = buf.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return out;
    const field = (offset: number, length: number) => h.subarray(offset, offset + length).toString("utf8").replace(/\0.*$/s, "").trim();
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (parseInt(field(148, 8), 8) !== sum) throw new Error("not a Portico backup (damaged or not a tar file)");
    const size = parseInt(field(124, 12), 8);
    const name = field(0, 100);
    if (!Number.isFinite(size) || size < 0 || at + BLOCK + size > buf.length) throw new Error("the backup file is truncated");
    if (field(156, 1) === "0" || field(156, 1) === "") out.set(name, buf.subarray(at + BLOCK, at + BLOCK + size));
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new Error("the backup file is truncated");
}

export const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

export const MANIFEST = "portico-backup.json";
export const DATA = "pglite-datadir.tar.gz";
export const SECRET = "auth-secret";

export type Manifest = {
  format: "portico-backup";
  version: 1;
  createdAt: string;
  pglite: string;
  dataSha256: string;
  authSecret: boolean;
  /** Rows per table (schema.table) when the backup was made: restore checks them. */
  rows: Record<string, number>;
};
