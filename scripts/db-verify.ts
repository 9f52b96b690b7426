/** db:move's proof: the rows of every table counted on both sides, printed as a table. */
import { tablesIn, type Side, type Table } from "./db-catalog";

export type Count = { table: string; source: number; target: number };

async function count(side: Side, t: Table): Promise<number> {
  const [exists] = await side.rows<{ r: string | null }>("select to_regclass($1)::text as r", [t.ident]);
  if (!exists?.r) return 0;
  const [row] = await side.rows<{ n: string }>(`select count(*)::text as n from ${t.ident}`);
  return Number(row!.n);
}

export async function compareCounts(src: Side, dst: Side, tables: Table[]): Promise<Count[]> {
  const out: Count[] = [];
  for (const t of [...tables].sort((a, b) => a.key.localeCompare(b.key))) out.push({ table: t.key, source: await count(src, t), target: await count(dst, t) });
  return out;
}

export function printCounts(counts: Count[]) {
  const w = Math.max(5, ...counts.map((c) => c.table.length));
  const line = (a: string, b: string, c: string, d = "") => console.log(`${a.padEnd(w)}  ${b.padStart(12)}  ${c.padStart(12)}${d}`);
  console.log("");
  line("table", "source rows", "target rows");
  line("-".repeat(w), "-".repeat(12), "-".repeat(12));
  for (const c of counts) line(c.table, String(c.source), String(c.target), c.source === c.target ? "" : "  MISMATCH");
  const sum = (k: "source" | "target") => String(counts.reduce((a, c) => a + c[k], 0));
  line("total", sum("source"), sum("target"));
}

/** Rows of every table of the app (public, drizzle's bookkeeping, pg-boss's jobs where present). */
export async function countAll(side: Side): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await tablesIn(side, ["public", "drizzle", "pgboss"])) out[t.key] = await count(side, t);
  return out;
}
