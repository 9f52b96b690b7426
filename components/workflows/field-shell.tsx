import type { ComponentProps, ReactElement } from "react";
import { cloneElement } from "react";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/input";
import type { Choice } from "@/lib/workflows/manage";

/** The builder's fields are named like their errors (`steps.2.templateId`); the id is derived from it. */
export const fieldId = (name: string) => `wf-${name}`;

/** A label, one control (its id, error state and description wired up), a hint and the field's error. */
export function FieldShell({ name, label, error, hint, children }: { name: string; label: string; error?: string; hint?: string; children: ReactElement<Record<string, unknown>> }) {
  const id = fieldId(name);
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="min-w-0 space-y-1.5">
      <Label htmlFor={id} className="block">
        {label}
      </Label>
      {cloneElement(children, { id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
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
