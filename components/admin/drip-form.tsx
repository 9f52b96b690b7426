"use client";
import { ActionForm } from "@/components/ui/action-form";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { DripRule } from "@/lib/courses/drip";
import { dripLabel } from "@/lib/courses/drip-label";
import { dripAction } from "@/app/(admin)/admin/[workspace]/courses/drip-actions";

/** What the outline shows of a drip rule: a small badge, nothing when the item opens at once. */
export function DripBadge({ rule }: { rule: DripRule }) {
  const label = dripLabel(rule);
  return label ? (
    <span className="ml-2 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-normal text-amber-900" data-testid="drip-badge">
      {label}
    </span>
  ) : null;
}

/** When a category or lesson opens: at once, N days after the learner's access, or on a date. */
export function DripForm({ workspace, productId, kind, id, title, rule }: { workspace: string; productId: string; kind: "category" | "lesson"; id: string; title: string; rule: DripRule }) {
  const mode = rule.dripDate ? "date" : rule.dripDays ? "days" : "none";
  const key = `drip-${id}`;
  return (
    <details className="text-sm" data-testid={`drip-${kind}`}>
      <summary className="cursor-pointer text-zinc-600 hover:text-zinc-900">Drip: {dripLabel(rule) ?? "opens at once"}</summary>
      <ActionForm action={dripAction} hidden={{ workspace, productId, kind, id }} className="mt-2 flex flex-wrap items-end gap-2">
        {(state) => (
          <>
            <label className="flex flex-col gap-1" htmlFor={`${key}-mode`}>
              <span className="text-xs text-zinc-600">When “{title}” opens</span>
              <Select id={`${key}-mode`} name="mode" defaultValue={mode} className="h-8 w-56">
                <option value="none">At once</option>
                <option value="days">Days after the learner gets access</option>
                <option value="date">On a date (00:00 UTC)</option>
              </Select>
            </label>
            <label className="flex flex-col gap-1" htmlFor={`${key}-days`}>
              <span className="text-xs text-zinc-600">Days</span>
              <Input id={`${key}-days`} name="days" inputMode="numeric" defaultValue={rule.dripDays ?? ""} className="h-8 w-20" aria-invalid={!!state.fieldErrors?.days} />
            </label>
            <label className="flex flex-col gap-1" htmlFor={`${key}-date`}>
              <span className="text-xs text-zinc-600">Date</span>
              <Input id={`${key}-date`} name="date" type="date" defaultValue={rule.dripDate ? rule.dripDate.toISOString().slice(0, 10) : ""} className="h-8 w-40" aria-invalid={!!state.fieldErrors?.date} />
            </label>
            <SubmitButton size="sm" variant="secondary" pendingText="Saving…">
              Save drip
            </SubmitButton>
            {state.fieldErrors?.days || state.fieldErrors?.date ? (
              <p role="alert" className="w-full text-xs text-red-700">
                {state.fieldErrors.days ?? state.fieldErrors.date}
              </p>
            ) : null}
          </>
        )}
      </ActionForm>
    </details>
  );
}
