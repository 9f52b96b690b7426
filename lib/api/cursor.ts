/**
 * Opaque list cursors (issue 16): the last row's creation time, to the microsecond as
 * PostgreSQL formats it in UTC (CURSOR_TIME below), and its id. Only exactly that form decodes: a
 * hand-made value PostgreSQL would refuse as a time is "not a cursor", never a failed query.
 */
import { sql, type Column } from "drizzle-orm";
import { isUuid } from "@/lib/utils";

/** The SQL that formats a row's time as a cursor holds it. */
export const cursorTime = (column: Column) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export const encodeCursor = (createdAt: string, id: string) => Buffer.from(`${createdAt}|${id}`).toString("base64url");

export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  const [createdAt, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (rest.length || !createdAt || !id || !TIME.test(createdAt) || !isUuid(id)) return null;
  // A real time: it reads back as itself (February 30th would roll over into March).
  const ms = Date.parse(createdAt);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 23) !== createdAt.slice(0, 23)) return null;
  return { createdAt, id };
}
