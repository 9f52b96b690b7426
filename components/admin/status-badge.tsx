import { cn } from "@/lib/utils";

const STYLES: Record<string, string> = {
  active: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  invited: "bg-sky-50 text-sky-800 ring-sky-200",
  none: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  live: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  used: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  expired: "bg-amber-50 text-amber-800 ring-amber-200",
  revoked: "bg-red-50 text-red-800 ring-red-200",
  replaced: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  // Email delivery
  delivered: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  sent: "bg-sky-50 text-sky-800 ring-sky-200",
  queued: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  sending: "bg-sky-50 text-sky-800 ring-sky-200",
  delivery_delayed: "bg-amber-50 text-amber-800 ring-amber-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  bounced: "bg-red-50 text-red-800 ring-red-200",
  complained: "bg-red-50 text-red-800 ring-red-200",
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", STYLES[status] ?? STYLES.none)}>{label ?? status}</span>;
}
