/**
 * What db:move reads from pg_catalog, on the embedded database and on the target alike: the
 * tables to copy, their columns, foreign keys, user triggers and sequences, and the order that
 * satisfies the foreign keys.
 */
export type Side = { rows: <T>(text: string, params?: unknown[]) => Promise<T[]> };
export type Table = { schema: string; name: string; key: string; ident: string };
export type Column = { name: string; type: string };
export type ForeignKey = { name: string; onTable: string; child: string; parent: string; def: string };

export const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const table = (schema: string, name: string): Table => ({ schema, name, key: `${schema}.${name}`, ident: `${ident(schema)}.${ident(name)}` });

/** Tables and partitioned tables (not their partitions: rows go through the parent) in `schemas`. */
export async function tablesIn(side: Side, schemas: string[]): Promise<Table[]> {
  const rows = await side.rows<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = any($1::text[]) order by 1, 2`,
    [schemas],
  );
  return rows.map((r) => table(r.schema, r.name));
}

/** Every table with rows outside the system schemas, except drizzle's migrations bookkeeping (an empty but migrated database is fine). */
export async function tablesWithRows(side: Side): Promise<string[]> {
  const rows = await side.rows<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and not c.relispartition and n.nspname not in ('pg_catalog', 'information_schema')
       and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
       and not (n.nspname = 'drizzle' and c.relname = '__drizzle_migrations') order by 1, 2`,
  );
  const full: string[] = [];
  for (const r of rows) {
    const t = table(r.schema, r.name);
    const [hit] = await side.rows<{ any: boolean }>(`select exists (select 1 from ${t.ident}) as any`);
    if (hit?.any) full.push(t.key);
  }
  return full;
}

export async function schemaExists(side: Side, schema: string): Promise<boolean> {
  const [r] = await side.rows<{ n: number }>(`select count(*)::int as n from pg_namespace where nspname = $1`, [schema]);
  return (r?.n ?? 0) > 0;
}

/** Columns that take a value on insert (generated columns are computed by the target). */
export async function columnsOf(side: Side, t: Table): Promise<Column[]> {
  return side.rows<Column>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
     where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum`,
    [t.ident],
  );
}

/**
 * Foreign keys between tables of `schemas`, each with the table it is declared on and the
 * roots (partitioned parent, or the table itself) of both ends. Constraints cloned onto
 * partitions from a parent's are left out: they follow their parent's.
 */
export async function foreignKeys(side: Side, schemas: string[]): Promise<ForeignKey[]> {
  const rows = await side.rows<{ name: string; on_schema: string; on_name: string; child_schema: string; child_name: string; parent_schema: string; parent_name: string; def: string }>(
    `select con.conname as name, cn.nspname as on_schema, cc.relname as on_name,
       rn.nspname as child_schema, rc.relname as child_name, pn.nspname as parent_schema, pc.relname as parent_name,
       pg_get_constraintdef(con.oid) as def
     from pg_constraint con
     join pg_class cc on cc.oid = con.conrelid join pg_namespace cn on cn.oid = cc.relnamespace
     join pg_class rc on rc.oid = coalesce(pg_partition_root(con.conrelid), con.conrelid) join pg_namespace rn on rn.oid = rc.relnamespace
     join pg_class pc on pc.oid = coalesce(pg_partition_root(con.confrelid), con.confrelid) join pg_namespace pn on pn.oid = pc.relnamespace
     where con.contype = 'f' and con.conparentid = 0 and cn.nspname = any($1::text[]) and pn.nspname = any($1::text[])
     order by 1, 2, 3`,
    [schemas],
  );
  return rows.map((r) => ({
    name: r.name,
    onTable: table(r.on_schema, r.on_name).ident,
    child: `${r.child_schema}.${r.child_name}`,
    parent: `${r.parent_schema}.${r.parent_name}`,
    def: r.def,
  }));
}

/** Enabled user triggers (not the internal ones that enforce foreign keys). */
export async function userTriggers(side: Side, schemas: string[]): Promise<{ on: string; name: string }[]> {
  const rows = await side.rows<{ schema: string; rel: string; name: string }>(
    `select n.nspname as schema, c.relname as rel, t.tgname as name from pg_trigger t
     join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where not t.tgisinternal and t.tgenabled <> 'D' and n.nspname = any($1::text[]) order by 1, 2, 3`,
    [schemas],
  );
  return rows.map((r) => ({ on: table(r.schema, r.rel).ident, name: r.name }));
}

export async function sequencesIn(side: Side, schemas: string[]): Promise<Table[]> {
  const rows = await side.rows<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'S' and n.nspname = any($1::text[]) order by 1, 2`,
    [schemas],
  );
  return rows.map((r) => table(r.schema, r.name));
}

/**
 * Parents before children (Kahn's algorithm). A self-reference, or a cycle, cannot be met by
 * any order of tables: those foreign keys are returned as `deferred`, to drop before the copy
 * and add back after it (PostgreSQL checks every row when it adds them back).
 */
export function copyOrder(tables: Table[], fks: ForeignKey[]): { order: Table[]; deferred: ForeignKey[] } {
  const byKey = new Map(tables.map((t) => [t.key, t]));
  const edges = fks.filter((f) => byKey.has(f.child) && byKey.has(f.parent));
  const deferred = edges.filter((f) => f.child === f.parent);
  let pending = edges.filter((f) => f.child !== f.parent);
  const order: Table[] = [];
  const left = new Set(byKey.keys());
  while (left.size > 0) {
    const ready = [...left].filter((k) => !pending.some((f) => f.child === k && left.has(f.parent)));
    if (ready.length === 0) {
      // A cycle: defer every foreign key still waiting among the tables left, then go on.
      deferred.push(...pending.filter((f) => left.has(f.child) && left.has(f.parent)));
      pending = pending.filter((f) => !(left.has(f.child) && left.has(f.parent)));
      continue;
    }
    for (const k of ready.sort()) {
      order.push(byKey.get(k)!);
      left.delete(k);
    }
  }
  return { order, deferred };
}
