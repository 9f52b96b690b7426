"use client";
import { useActionState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { useToast } from "@/components/ui/toaster";
import type { FormState } from "@/lib/actions";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

/** What the fields need: the value to show (what was typed before a failed save, else the record's) and each field's error. */
export type RecordFields = { value: (name: string, saved?: string | null) => string; error: (name: string) => string | undefined };

/**
 * The dashboard's create/edit forms (offers, courses, lessons, groups): hidden ids, the
 * fields (read-only when the role may not edit), the outcome, and one submit button.
 */
export function RecordForm({ action, hidden, disabled, submitLabel, children }: {
  action: Action;
  hidden: Record<string, string | undefined>;
  disabled?: boolean;
  submitLabel: string;
  children: (fields: RecordFields) => ReactNode;
}) {
  const toast = useToast();
  const [state, formAction] = useActionState<FormState, FormData>(async (prev, data) => {
    const next = await action(prev, data);
    if (toast && next.ok && next.message) toast(next.message);
    return next;
  }, {});
  const fields: RecordFields = { value: (name, saved) => state.values?.[name] ?? saved ?? "", error: (name) => state.fieldErrors?.[name] };
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {Object.entries(hidden).map(([k, v]) => (v === undefined ? null : <input key={k} type="hidden" name={k} value={v} />))}
      <fieldset disabled={disabled} className="space-y-4">
        {children(fields)}
        {state.error ? <Alert tone="error">{state.error}</Alert> : null}
        {state.ok && state.message && !toast ? <Alert tone="success">{state.message}</Alert> : null}
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </fieldset>
    </form>
  );
}
