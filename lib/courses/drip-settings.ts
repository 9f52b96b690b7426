/** An admin sets when a category or lesson opens (drip): at once, N days after the learner's grant, or on a date (00:00 UTC). */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { categories, lessons } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import type { DripRule } from "./drip";
import { dripLabel } from "./drip-label";

export const dripSchema = z
  .object({
    kind: z.enum(["category", "lesson"]),
    id: z.uuid(),
    mode: z.enum(["none", "days", "date"]),
    days: z.string().trim().optional(),
    date: z.string().trim().optional(),
  })
  .transform((d, ctx): { kind: "category" | "lesson"; id: string; rule: DripRule } => {
    if (d.mode === "days") {
      const n = Number(d.days);
      if (!/^\d+$/.test(d.days ?? "") || n < 1 || n > 3650) {
        ctx.addIssue({ code: "custom", path: ["days"], message: "Enter a whole number of days from 1 to 3650." });
        return z.NEVER;
      }
      return { kind: d.kind, id: d.id, rule: { dripDays: n, dripDate: null } };
    }
    if (d.mode === "date") {
      const at = /^\d{4}-\d{2}-\d{2}$/.test(d.date ?? "") ? new Date(`${d.date}T00:00:00Z`) : null;
      if (!at || Number.isNaN(at.getTime())) {
        ctx.addIssue({ code: "custom", path: ["date"], message: "Pick the date it opens." });
        return z.NEVER;
      }
      return { kind: d.kind, id: d.id, rule: { dripDays: null, dripDate: at } };
    }
    return { kind: d.kind, id: d.id, rule: { dripDays: null, dripDate: null } };
  });

export async function setDrip(ctx: Ctx, input: { kind: "category" | "lesson"; id: string; rule: DripRule }): Promise<{ ok: true; message: string } | { ok: false; error: string }> {
  const table = input.kind === "category" ? categories : lessons;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(table)
      .set({ dripDays: input.rule.dripDays, dripDate: input.rule.dripDate })
      .where(and(eq(table.workspaceId, ctx.workspace.id), eq(table.id, input.id)))
      .returning({ title: table.title });
    if (!row) return { ok: false as const, error: "That item no longer exists." };
    const label = dripLabel(input.rule) ?? "open at once";
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actor: ctx.actor, request: ctx.request, action: `${input.kind}.drip_set`, data: { id: input.id, title: row.title, drip: label } });
    return { ok: true as const, message: `“${row.title}” ${label === "open at once" ? "now opens at once" : `now ${label}`}.` };
  });
}
