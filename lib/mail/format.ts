// Building an Intl formatter costs far more than using one; bulk sends format thousands of dates.
const formatter = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const parts = (d: Date) => formatter.formatToParts(d);

/** "at 14:05 UTC on 22 November 2026" */
export function formatWhen(d: Date): string {
  const p = parts(d);
  const part = (t: string) => p.find((x) => x.type === t)?.value ?? "";
  return `at ${part("hour")}:${part("minute")} UTC on ${part("day")} ${part("month")} ${part("year")}`;
}

/** "at 14:05 UTC on 22 November 2026 (in 2 hours)": auth emails state the exact expiry. */
export function formatExpiry(expiresAt: Date, now = new Date()): string {
  return `${formatWhen(expiresAt)} (in ${formatDuration(expiresAt.getTime() - now.getTime())})`;
}

/** "12 minutes", "2 hours", "7 days" */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60000));
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} hours`;
  return `${Math.round(minutes / 1440)} days`;
}

/**
 * "2026-11-22 14:05 UTC", or "—" for no time: what the server renders in the dashboard's
 * tables and timelines before the browser shows its own zone (components/ui/local-time.tsx).
 * Emails state UTC with formatWhen/formatExpiry and never use the viewer's zone.
 */
export function formatStamp(d: Date | null | undefined): string {
  return d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
}

const zoned = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-22 09:05 EST": the same stamp in a named IANA zone, the zone's short name after it. */
export function formatStampIn(d: Date, timeZone: string): string {
  let f = zoned.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });
    zoned.set(timeZone, f);
  }
  const p = f.formatToParts(d);
  const part = (t: Intl.DateTimeFormatPartTypes) => p.find((x) => x.type === t)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")} ${part("timeZoneName")}`;
}
