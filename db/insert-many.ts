/**
 * Multi-row inserts for bulk paths (imports, bulk sends): the rows travel as one JSON
 * parameter expanded by jsonb_to_recordset, instead of one bound parameter per cell. Building
 * a 1,000-row insert through the query builder cost more CPU than the database spent on it.
 */
import { getTableColumns, sql, type Table } from "drizzle-orm";
import { rowsOf, type Queryable } from "./client";

type Column = { name: string; getSQLType(): string };

export async function insertMany<R extends Record<string, unknown>>(q: Queryable, table: Table, rows: Record<string, unknown>[], returning: string[] = []): Promise<R[]> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table) as unknown as Record<string, Column>;
  const keys = Object.keys(columns).filter((k) => rows.some((r) => r[k] !== undefined));
  const name = (k: string) => `"${columns[k]!.name}"`;
  const json = JSON.stringify(rows.map((r) => Object.fromEntries(keys.map((k) => [columns[k]!.name, r[k] instanceof Date ? (r[k] as Date).toISOString() : (r[k] ?? null)]))));
  const list = sql.raw(keys.map(name).join(", "));
  const defs = sql.raw(keys.map((k) => `${name(k)} ${columns[k]!.getSQLType()}`).join(", "));
  const back = returning.length ? sql.raw(` returning ${returning.map((k) => `${name(k)} as "${k}"`).join(", ")}`) : sql``;
  return rowsOf<R>(q, sql`insert into ${table} (${list}) select ${list} from jsonb_to_recordset(${json}::jsonb) as r(${defs})${back}`);
}
