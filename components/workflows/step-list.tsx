"use client";
import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { MAX_STEPS, STEPS, STEP_TYPES, type StepType } from "@/lib/workflows/definitions";
import type { WorkflowDraft } from "@/lib/workflows/recipes";
import { fieldId } from "./field-shell";
import { StepSettings, emptyConfig, type StepSettingsProps } from "./step-settings";

export type KeyedStep = WorkflowDraft["steps"][number] & { key: string };
type Shared = Pick<StepSettingsProps, "errors" | "choices" | "mergeFields" | "templatesHref">;

let added = 0;

/**
 * The ordered steps. Moving is by buttons (keyboard and screen reader friendly): the focus
 * follows the moved step's button, and the move is announced.
 */
export function StepList({ steps, onChange, onEdit, ...shared }: Shared & { steps: KeyedStep[]; onChange: (s: KeyedStep[]) => void; onEdit: (s: KeyedStep[]) => void }) {
  const [adding, setAdding] = useState<StepType>("send_email");
  const [said, say] = useState("");
  const focusNext = useRef<{ key: string; control: string } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const want = focusNext.current;
    if (!want) return;
    focusNext.current = null;
    const card = list.current?.querySelector<HTMLElement>(`[data-step="${want.key}"]`);
    const target =
      want.control === "field"
        ? card?.querySelector<HTMLElement>("select, textarea, input:not([type=hidden])")
        : (card?.querySelector<HTMLElement>(`[data-control="${want.control}"]:not(:disabled)`) ?? card?.querySelector<HTMLElement>("[data-control]:not(:disabled)"));
    (target ?? card)?.focus();
  });
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    const [step] = next.splice(i, 1);
    next.splice(i + by, 0, step!);
    focusNext.current = { key: step!.key, control: by < 0 ? "up" : "down" };
    say(`${STEPS[step!.type].label} moved to step ${i + by + 1} of ${steps.length}.`);
    onChange(next);
  };
  const remove = (i: number) => {
    const step = steps[i]!;
    say(`Step ${i + 1}, ${STEPS[step.type].label}, removed.`);
    const next = steps.filter((_, j) => j !== i);
    const neighbour = next[Math.min(i, next.length - 1)];
    focusNext.current = neighbour ? { key: neighbour.key, control: "remove" } : null;
    onChange(next);
    if (!neighbour) document.getElementById("wf-add-step")?.focus();
  };
  const stepsError = shared.errors.steps;
  return (
    <fieldset className="min-w-0 space-y-3">
      <legend className="text-base font-semibold">Steps</legend>
      <p aria-live="polite" className="sr-only">{said}</p>
      {steps.length === 0 ? <p className="text-sm text-zinc-500">No steps yet: add the first one below.</p> : null}
      {stepsError ? <p id={fieldId("steps")} tabIndex={-1} className="text-sm text-red-600">{stepsError}</p> : null}
      <ol ref={list} className="space-y-3" data-testid="workflow-steps">
        {steps.map((s, i) => {
          const own = shared.errors[`steps.${i}`];
          return (
            <li key={s.key} id={fieldId(`steps.${i}`)} tabIndex={-1} data-step={s.key} aria-label={`Step ${i + 1}: ${STEPS[s.type].label}`} className="rounded-lg border border-zinc-200 bg-zinc-50/50 p-4 focus:outline-none">
              <input type="hidden" name={`steps.${i}.type`} value={s.type} />
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-medium">
                    <span className="mr-2 inline-flex size-6 items-center justify-center rounded-full bg-accent text-xs text-white" aria-hidden>{i + 1}</span>
                    {STEPS[s.type].label}
                  </p>
                  <p className="mt-0.5 text-sm text-zinc-600">{STEPS[s.type].description}</p>
                </div>
                <div className="flex shrink-0 gap-1">
                  <Button type="button" variant="ghost" size="sm" data-control="up" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move step ${i + 1} up`}>
                    <ArrowUp className="size-4" aria-hidden /> <span className="hidden sm:inline">Up</span>
                  </Button>
                  <Button type="button" variant="ghost" size="sm" data-control="down" disabled={i === steps.length - 1} onClick={() => move(i, 1)} aria-label={`Move step ${i + 1} down`}>
                    <ArrowDown className="size-4" aria-hidden /> <span className="hidden sm:inline">Down</span>
                  </Button>
                  <Button type="button" variant="ghost" size="sm" data-control="remove" onClick={() => remove(i)} aria-label={`Remove step ${i + 1}`}>
                    <Trash2 className="size-4" aria-hidden /> <span className="hidden sm:inline">Remove</span>
                  </Button>
                </div>
              </div>
              {own ? <p className="mt-2 text-sm text-red-600">{own}</p> : null}
              <div className="mt-3">
                <StepSettings index={i} type={s.type} config={s.config} onChange={(config) => onEdit(steps.map((x, j) => (j === i ? { ...x, config } : x)))} {...shared} />
              </div>
            </li>
          );
        })}
      </ol>
      {steps.length < MAX_STEPS ? (
        <div className="rounded-lg border border-dashed border-zinc-300 p-4">
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1 space-y-1.5 sm:max-w-xs">
              <Label htmlFor="wf-add-step-type">Add a step</Label>
              <Select id="wf-add-step-type" value={adding} onChange={(e) => setAdding(e.target.value as StepType)} aria-describedby="wf-add-step-about">
                {STEP_TYPES.map((t) => (
                  <option key={t} value={t}>{STEPS[t].label}</option>
                ))}
              </Select>
            </div>
            <Button
              id="wf-add-step"
              type="button"
              variant="secondary"
              onClick={() => {
                const step = { type: adding, config: emptyConfig(adding), key: `new${++added}` };
                focusNext.current = { key: step.key, control: "field" };
                say(`${STEPS[adding].label} added as step ${steps.length + 1}.`);
                onChange([...steps, step]);
              }}
            >
              Add step
            </Button>
          </div>
          <p id="wf-add-step-about" className="mt-2 text-sm text-zinc-600">{STEPS[adding].description}</p>
        </div>
      ) : (
        <p className="text-sm text-zinc-600">A workflow has at most {MAX_STEPS} steps.</p>
      )}
    </fieldset>
  );
}
