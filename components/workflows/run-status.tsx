import { LocalTime } from "@/components/ui/local-time";
import { cn } from "@/lib/utils";
import { STATUS_LABELS } from "@/lib/workflows/runs";

const STYLES: Record<string, string> = {
  completed: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  succeeded: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  waiting: "bg-amber-50 text-amber-900 ring-amber-200",
  retrying: "bg-amber-50 text-amber-900 ring-amber-200",
  running: "bg-sky-50 text-sky-800 ring-sky-200",
  queued: "bg-sky-50 text-sky-800 ring-sky-200",
};

/** A run's or an attempt's status in words and colour: failed in red, done in green, waiting in amber. */
export function RunStatus({ status, className }: { status: string; className?: string }) {
  return (
    <span className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", STYLES[status] ?? "bg-zinc-100 text-zinc-700 ring-zinc-200", className)} data-status={status}>
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}

/** What a waiting or retrying run is waiting for: "until …", "next try …". */
export function RunWhen({ status, resumeAt }: { status: string; resumeAt: Date | null }) {
  if (!resumeAt || (status !== "waiting" && status !== "retrying")) return null;
  return (
    <span className="block text-xs text-zinc-600">
      {status === "waiting" ? "until " : "next try "}
      <LocalTime at={resumeAt} />
    </span>
  );
}

/** "2 of 3": the step a run is on (or ended on). */
export function stepOf(run: { status: string; currentStep: number; stepCount: number }): string {
  if (run.stepCount === 0) return "no steps";
  const at = run.status === "completed" ? run.stepCount : Math.min(run.currentStep + 1, run.stepCount);
  return `${at} of ${run.stepCount}`;
}

export const contactLabel = (r: { contactName: string; contactEmail: string | null }) => r.contactName || r.contactEmail || "(contact deleted)";
