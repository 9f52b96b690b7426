"use client";
import { useSyncExternalStore } from "react";
import { formatStamp, formatStampIn } from "@/lib/mail/format";

const never = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const noZone = () => null;

/**
 * A moment in the viewer's own time zone, the zone named ("2026-11-22 09:05 EST"). The
 * server (and the first, hydrating render) shows it in UTC, which says so; the browser then
 * switches to its zone. The tooltip keeps the zone's full name and the UTC time.
 */
export function LocalTime({ at, className }: { at: Date | string | null | undefined; className?: string }) {
  const zone = useSyncExternalStore(never, browserZone, noZone);
  if (!at) return <span className={className}>—</span>;
  const d = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return <span className={className}>—</span>;
  return (
    <time dateTime={d.toISOString()} className={className} title={zone ? `${zone} · ${formatStamp(d)}` : undefined}>
      {zone ? formatStampIn(d, zone) : formatStamp(d)}
    </time>
  );
}
