import type { ComponentProps, ReactElement } from "react";
import { FieldControl } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { Choice } from "@/lib/workflows/manage";

/** The builder's fields are named like their errors (`steps.2.templateId`); the id is derived from it. */
export const fieldId = (name: string) => `wf-${name}`;

/** The builder's field: the shared FieldControl with the builder's ids, the hint kept under an error. */
export function FieldShell({ name, label, error, hint, children }: { name: string; label: string; error?: string; hint?: string; children: ReactElement<Record<string, unknown>> }) {
  return (
    <FieldControl id={fieldId(name)} name={name} label={label} error={error} hint={hint} hintWithError className="min-w-0">
      {children}
    </FieldControl>
  );
}

/** A picker of the workspace's records; `none` is the empty choice's words ("Any offer", "Choose a group…"). */
export function Picker({ value, onChange, choices, none, ...props }: { value: string; onChange: (v: string) => void; choices: Choice[]; none: string } & Omit<ComponentProps<"select">, "value" | "onChange">) {
  const known = !value || choices.some((c) => c.id === value);
  return (
    <Select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{none}</option>
      {/* A record deleted since the workflow was saved: kept selected so the error names it. */}
      {known ? null : <option value={value}>(deleted)</option>}
      {choices.map((c) => (
        <option key={c.id} value={c.id}>
          {c.label}
        </option>
      ))}
    </Select>
  );
}
