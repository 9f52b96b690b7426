import { describe, expect, it } from "vitest";
import { copyOrder, type ForeignKey, type Table } from "./db-catalog";

const t = (key: string): Table => {
  const [schema, name] = key.split(".") as [string, string];
  return { schema, name, key, ident: `"${schema}"."${name}"` };
};
const fk = (name: string, child: string, parent: string): ForeignKey => ({ name, onTable: t(child).ident, child, parent, def: "" });

describe("db:move copy order", () => {
  it("puts parents before children and defers only the foreign keys no order can satisfy", () => {
    const tables = ["public.contacts", "public.workspaces", "public.grants", "public.a", "public.b", "pgboss.job", "pgboss.queue"].map(t);
    const fks = [
      fk("contacts_ws", "public.contacts", "public.workspaces"),
      fk("grants_contact", "public.grants", "public.contacts"),
      fk("grants_ws", "public.grants", "public.workspaces"),
      fk("a_b", "public.a", "public.b"), // a cycle: a → b → a
      fk("b_a", "public.b", "public.a"),
      fk("b_contact", "public.b", "public.contacts"),
      fk("queue_dead_letter", "pgboss.queue", "pgboss.queue"), // a self-reference
      fk("job_queue", "pgboss.job", "pgboss.queue"),
      fk("elsewhere", "public.grants", "other.table"), // not copied: ignored
    ];
    const { order, deferred } = copyOrder(tables, fks);
    const at = (k: string) => order.findIndex((x) => x.key === k);
    expect(order).toHaveLength(tables.length);
    expect(at("public.workspaces")).toBeLessThan(at("public.contacts"));
    expect(at("public.contacts")).toBeLessThan(at("public.grants"));
    expect(at("public.contacts")).toBeLessThan(at("public.b"));
    expect(at("pgboss.queue")).toBeLessThan(at("pgboss.job"));
    expect(deferred.map((f) => f.name).sort()).toEqual(["a_b", "b_a", "queue_dead_letter"]);
  });
});
