"use client";
import { ActionForm } from "@/components/ui/action-form";
import type { FormState } from "@/lib/actions";
import { cn } from "@/lib/utils";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

/** On/off for a workflow: a switch that submits at once; the outcome is a toast, or why it cannot be turned on. */
export function EnabledSwitch({ action, workspace, id, name, enabled, disabled }: { action: Action; workspace: string; id: string; name: string; enabled: boolean; disabled?: boolean }) {
  return (
    <ActionForm action={action} hidden={{ workspace, id, enabled: enabled ? "false" : "true" }}>
      <button
        type="submit"
        role="switch"
        aria-checked={enabled}
        aria-label={`${name} enabled`}
        disabled={disabled}
        className="group inline-flex items-center gap-2 rounded-full text-sm disabled:opacity-60"
      >
        <span className={cn("relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors group-focus-visible:ring-2 group-focus-visible:ring-accent group-focus-visible:ring-offset-2", enabled ? "bg-emerald-600" : "bg-zinc-300")} aria-hidden>
          <span className={cn("inline-block size-5 rounded-full bg-white shadow transition-transform", enabled ? "translate-x-5" : "translate-x-0.5")} />
        </span>
        <span className={enabled ? "text-emerald-800" : "text-zinc-700"}>{enabled ? "On" : "Off"}</span>
      </button>
    </ActionForm>
  );
}
