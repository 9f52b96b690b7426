/**
 * Rendered portal pages, kept per session in the production server's memory and served again
 * without Next while nothing they show has changed (issue 4's bench:portal: a signed-in
 * learner's pages under 50 connections; Next renders about 50 of them a second on two cores).
 *
 * What is cached: the HTML of a plain document GET (no query, no RSC/router/action headers) of
 * the portal home, a course page or a lesson page, answered 200 without Set-Cookie, sent to
 * exactly APP_URL's host: custom domains and other hosts (an IP address, another port) go
 * through Next and `proxy.ts`, which serves a custom domain only its own workspace and
 * redirects other hosts to APP_URL (issue 12 items 14 and 16). They are never cached.
 *
 * When it is served: every request is checked as if it were the first. The session cookie is
 * decrypted and its claims checked like Auth.js's realm does (`claimsLive`), then one prepared
 * statement reads the contact's session version (sign-out-everywhere and password changes end
 * a session on the next request, SPEC §3 rule 6), the workspace's slug, and two counters kept by
 * database triggers in the writing transaction (migration 0004): the contact's portal_version
 * (the contact, their grants, progress and group memberships) and the workspace's (its
 * settings, products, categories, lessons, offers and groups). A page is served from memory
 * only to the exact same session cookie (and host, URL, Accept-Encoding and User-Agent) and
 * only while both counters equal the values read *before* it was rendered; anything written
 * during or after the render makes the next request render again. Any doubt (a cookie that
 * does not decrypt, a stale session, another workspace's URL) hands the request to Next.
 *
 * A drip lesson opens by time, not by a write: an entry is also served only until the next
 * drip opening (after the render began) in any course the contact can open (`nextUnlockAt`).
 *
 * Per process and bounded (`PORTICO_PAGE_CACHE_MB`, least recently used out first; 0 turns it
 * off); nothing is shared between instances, so several instances stay correct.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { db, rowsOf } from "@/db/client";
import { learnerCookieName, readLearnerCookie } from "@/lib/auth/learner-session";
import { claimsLive } from "@/lib/auth/realm";
import { nextUnlockAt } from "@/lib/courses/drip";
import { env } from "@/lib/env";
import { isOwnHost } from "@/lib/tenancy/custom-host";
import { isUuid } from "@/lib/utils";
import { logger } from "@/lib/log";

const log = logger("http");

export type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Portal home, course page, lesson page: `/p/{workspace}`, `/p/{workspace}/courses/{product}[/{lesson}]`. */
const CACHEABLE = /^\/p\/([a-z0-9-]+)(?:\/courses\/[^/?#]+(?:\/[^/?#]+)?)?$/;
/** Requests Next answers differently from a document load (RSC payloads, prefetches, actions, conditional or partial GETs). */
const UNCACHEABLE_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action", "next-url", "if-none-match", "if-modified-since", "range"];
const MAX_ENTRY_BYTES = 2 * 1024 * 1024;
/** Not replayed: hop-by-hop, per-response or ours. */
const DROPPED_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "x-portico-cache"]);

/** `expiresAt`: the next drip opening for the contact (ms), which no write announces; null: none ahead. */
type Entry = { contactVersion: number; workspaceVersion: number; expiresAt: number | null; headers: OutgoingHttpHeaders; body: Buffer };
type Stamp = { sv: string; ws: string; slug: string; cv: string | number; wv: string | number; sub: string };

const entries = new Map<string, Entry>();
let bytes = 0;

function limitBytes(): number {
  return env.PORTICO_PAGE_CACHE_MB * 1024 * 1024;
}

/** Serves `req` when it is a cacheable portal page request and returns true; false leaves it to the caller (Next). */
export function cachedPortalPage(req: IncomingMessage, res: ServerResponse, next: NextHandler): boolean {
  if (req.method !== "GET" || limitBytes() === 0) return false;
  const match = CACHEABLE.exec(req.url ?? "");
  if (!match || UNCACHEABLE_HEADERS.some((h) => req.headers[h] !== undefined)) return false;
  if (!isOwnHost(req.headers.host)) return false;
  const cookie = sessionCookie(req.headers.cookie);
  if (!cookie) return false;
  serve(match[1]!, cookie, req, res, next).catch((err) => {
    log.error({ err }, "portal page cache failed");
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end("Something went wrong. Please try again.");
  });
  return true;
}

async function serve(slug: string, cookie: string, req: IncomingMessage, res: ServerResponse, next: NextHandler) {
  const stamp = await currentStamp(cookie, slug);
  if (!stamp) return next(req, res);
  const key = createHash("sha256")
    .update([cookie, req.headers.host ?? "", req.url, req.headers["accept-encoding"] ?? "", req.headers["user-agent"] ?? ""].join("\n"))
    .digest("base64url");
  const cv = Number(stamp.cv);
  const wv = Number(stamp.wv);
  const entry = entries.get(key);
  if (entry && entry.contactVersion === cv && entry.workspaceVersion === wv && (entry.expiresAt === null || Date.now() < entry.expiresAt)) {
    entries.delete(key); // most recently used goes last
    entries.set(key, entry);
    res.writeHead(200, { ...entry.headers, "content-length": String(entry.body.length), "x-portico-cache": "hit" });
    res.end(entry.body);
    return;
  }
  if (entry) forget(key);
  res.setHeader("x-portico-cache", "miss");
  // A drip lesson opens by time alone: the page is good until the next opening after the render begins.
  const opens = await nextUnlockAt(stamp.ws, stamp.sub, new Date());
  const expiresAt = opens ? opens.getTime() : null;
  capture(res, (headers, body) => keep(key, { contactVersion: cv, workspaceVersion: wv, expiresAt, headers, body }));
  return next(req, res);
}

/** The session's versions, when the cookie is a live portal session of the workspace named by `slug`; otherwise null. */
async function currentStamp(cookie: string, slug: string): Promise<Stamp | null> {
  const claims = await readLearnerCookie(cookie);
  if (!claims || !claimsLive(claims) || !claims.ws || !isUuid(claims.sub)) return null;
  const [row] = await rowsOf<Stamp>(db, sql`
    select c.session_version as sv, c.workspace_id as ws, w.slug, c.portal_version as cv, w.portal_version as wv
    from contacts c join workspaces w on w.id = c.workspace_id
    where c.id = ${claims.sub}`);
  if (!row || row.sv !== claims.sv || row.ws !== claims.ws || row.slug !== slug) return null;
  return { ...row, sub: claims.sub };
}

function sessionCookie(header: string | undefined): string | null {
  if (!header) return null;
  const prefix = `${learnerCookieName}=`;
  for (const part of header.split(/;\s*/)) if (part.startsWith(prefix)) return part.slice(prefix.length) || null;
  return null;
}

/** Calls `done` with what Next wrote to `res`, if it was a complete 200 HTML page without Set-Cookie. */
function capture(res: ServerResponse, done: (headers: OutgoingHttpHeaders, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let headArg: OutgoingHttpHeaders | undefined;
  const add = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function" || size > MAX_ENTRY_BYTES) return;
    const buf = typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    chunks.push(buf);
  };
  const { write, end, writeHead } = res;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (last && typeof last === "object" && !Array.isArray(last)) headArg = last as OutgoingHttpHeaders;
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
  res.write = function (this: ServerResponse, chunk: unknown, encoding?: unknown, cb?: unknown) {
    add(chunk, encoding);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, encoding, cb);
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown, cb?: unknown) {
    add(chunk, encoding);
    return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, encoding, cb);
  } as typeof res.end;
  res.once("finish", () => {
    const headers: OutgoingHttpHeaders = { ...res.getHeaders(), ...lowerCased(headArg) };
    const type = String(headers["content-type"] ?? "");
    if (res.statusCode !== 200 || headers["set-cookie"] !== undefined || !type.startsWith("text/html") || size > MAX_ENTRY_BYTES) return;
    for (const name of Object.keys(headers)) if (DROPPED_HEADERS.has(name)) delete headers[name];
    done(headers, Buffer.concat(chunks, size));
  });
}

function lowerCased(headers: OutgoingHttpHeaders | undefined): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function keep(key: string, entry: Entry) {
  forget(key);
  const limit = limitBytes();
  if (entry.body.length > limit) return;
  entries.set(key, entry);
  bytes += entry.body.length;
  for (const [oldest] of entries) {
    if (bytes <= limit) break;
    forget(oldest);
  }
}

function forget(key: string) {
  const old = entries.get(key);
  if (!old) return;
  entries.delete(key);
  bytes -= old.body.length;
}
