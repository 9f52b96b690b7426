"use client";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { Choice } from "@/lib/workflows/manage";
import type { WorkflowDraft } from "@/lib/workflows/recipes";
import { FieldShell, Picker } from "./field-shell";

type Condition = WorkflowDraft["stopWhen"][number];
const MAX = 5;

/** "Stop when": conditions that end a waiting run before its next step. */
export function StopWhen({ conditions, onChange, errors, offers, triggerHasOffer }: {
  conditions: Condition[];
  onChange: (next: Condition[]) => void;
  errors: Record<string, string>;
  offers: Choice[];
  triggerHasOffer: boolean;
}) {
  const update = (i: number, c: Condition) => onChange(conditions.map((x, j) => (j === i ? c : x)));
  return (
    <fieldset className="space-y-3">
      <legend className="text-base font-semibold">Stop when</legend>
      <p className="text-sm text-zinc-600">Checked before each step after a wait: a run that meets one stops there.</p>
      {conditions.length === 0 ? <p className="text-sm text-zinc-500">No stop conditions: runs go through every step.</p> : null}
      <ul className="space-y-3">
        {conditions.map((c, i) => (
          <li key={i} className="grid gap-3 rounded-lg border border-zinc-200 p-3 sm:grid-cols-[12rem_1fr_auto] sm:items-end">
            <FieldShell name={`stopWhen.${i}.type`} label={`Condition ${i + 1}`} error={errors[`stopWhen.${i}.type`]}>
              <Select value={c.type} onChange={(e) => update(i, { type: e.target.value as Condition["type"] })}>
                <option value="offer_revoked">Offer revoked</option>
                <option value="has_tag">Contact has tag</option>
              </Select>
            </FieldShell>
            {c.type === "offer_revoked" ? (
              <FieldShell name={`stopWhen.${i}.offerId`} label="Offer" error={errors[`stopWhen.${i}.offerId`]}>
                <Picker value={c.offerId ?? ""} onChange={(v) => update(i, { ...c, offerId: v })} choices={offers} none={triggerHasOffer ? "The trigger's offer" : "Choose an offer…"} />
              </FieldShell>
            ) : (
              <FieldShell name={`stopWhen.${i}.tag`} label="Tag" error={errors[`stopWhen.${i}.tag`]}>
                <Input value={c.tag ?? ""} onChange={(e) => update(i, { ...c, tag: e.target.value })} maxLength={50} autoComplete="off" />
              </FieldShell>
            )}
            <Button type="button" variant="secondary" size="sm" className="h-10" onClick={() => onChange(conditions.filter((_, j) => j !== i))} aria-label={`Remove condition ${i + 1}`}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      {conditions.length < MAX ? (
        <Button type="button" variant="secondary" size="sm" onClick={() => onChange([...conditions, { type: "offer_revoked", offerId: "" }])}>
          Add stop condition
        </Button>
      ) : null}
    </fieldset>
  );
}
