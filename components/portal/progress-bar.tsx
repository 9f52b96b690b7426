import { cn } from "@/lib/utils";

export function ProgressBar({ value, detail, className }: { value: number; detail?: string; className?: string }) {
  return (
    <div className={cn(className)}>
      <div className="h-2 overflow-hidden rounded-full bg-zinc-200 ring-1 ring-zinc-300 ring-inset" role="progressbar" aria-valuenow={value} aria-valuemin={0} aria-valuemax={100} aria-label="Progress">
        <div className="h-2 rounded-full bg-accent" style={{ width: `${value}%` }} />
      </div>
      <p className="mt-1 text-xs text-zinc-500" data-testid="progress">
        {value}% complete{detail ? ` · ${detail}` : ""}
      </p>
    </div>
  );
}
