/** "at 14:05 UTC on 22 November 2026 (in 2 hours)": auth emails state the exact expiry. */
export function formatExpiry(expiresAt: Date, now = new Date()): string {
  const when = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).formatToParts(expiresAt);
  const part = (t: string) => when.find((p) => p.type === t)?.value ?? "";
  const minutes = Math.round((expiresAt.getTime() - now.getTime()) / 60000);
  const rel =
    minutes < 90
      ? `${minutes} minutes`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} hours`
        : `${Math.round(minutes / 1440)} days`;
  return `at ${part("hour")}:${part("minute")} UTC on ${part("day")} ${part("month")} ${part("year")} (in ${rel})`;
}
