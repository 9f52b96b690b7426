/** Words for a drip rule (no database: the dashboard's client forms use it too). */
import type { DripRule } from "./drip";
import { plural } from "@/lib/utils";

/** "opens 3 days after access", "opens on 2026-12-05 (UTC)", or null when open at once. */
export function dripLabel(rule: DripRule): string | null {
  if (rule.dripDate) return `opens on ${rule.dripDate.toISOString().slice(0, 10)} (UTC)`;
  if (rule.dripDays) return `opens ${plural(rule.dripDays, "day")} after access`;
  return null;
}
