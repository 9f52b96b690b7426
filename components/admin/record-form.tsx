"use client";
import { useActionState, useEffect, useRef, type ReactNode, type RefObject } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { useToast } from "@/components/ui/toaster";
import { useKeptInput } from "@/components/ui/use-kept-input";
import type { FormState } from "@/lib/actions";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;
type State = FormState & { saves?: number };

/** What the fields need: the value to show (what was typed before a failed save, else the record's), whether a box is ticked, and each field's error. */
export type RecordFields = {
  value: (name: string, saved?: string | null) => string;
  /** `key` names the box among the fields, e.g. `productIds:<id>`. */
  checked: (key: string, saved?: boolean) => boolean;
  error: (name: string) => string | undefined;
};

/**
 * The dashboard's create/edit forms (offers, courses, lessons, groups, profile, settings):
 * hidden ids, the fields (read-only when the role may not edit), the outcome, and one submit
 * button. The fields always show the record as saved: after a save, and whenever the saved
 * values change, the form is drawn afresh from them (React resets a form after its action to
 * what it first rendered, which for a <select> is the value it had on the first load — saving
 * again would then quietly send that old value back). A failed save keeps what was entered.
 */
export function RecordForm({ action, hidden, disabled, submitLabel, children }: {
  action: Action;
  hidden: Record<string, string | undefined>;
  disabled?: boolean;
  submitLabel: string;
  children: (fields: RecordFields) => ReactNode;
}) {
  const toast = useToast();
  const [state, formAction] = useActionState<State, FormData>(async (prev, data) => {
    const next = await action(prev, data);
    if (toast && next.ok && next.message) toast(next.message);
    return { ...next, saves: (prev.saves ?? 0) + (next.ok ? 1 : 0) };
  }, {});
  const { formRef, remember } = useKeptInput(state);
  // Every saved value the fields show, so that fresh values from the server redraw them.
  const saved: string[] = [];
  const fields: RecordFields = {
    value: (name, value) => {
      saved.push(`${name}=${value ?? ""}`);
      return state.values?.[name] ?? value ?? "";
    },
    checked: (key, value) => {
      saved.push(`${key}:${value ? 1 : 0}`);
      return !!value;
    },
    error: (name) => state.fieldErrors?.[name],
  };
  const content = children(fields);
  const version = `${state.saves ?? 0}\u0000${saved.join("\u0000")}`;
  useRefocusAfterRedraw(formRef, version);
  return (
    <form key={version} ref={formRef} action={formAction} onSubmit={remember} className="space-y-4" noValidate>
      {Object.entries(hidden).map(([k, v]) => (v === undefined ? null : <input key={k} type="hidden" name={k} value={v} />))}
      <fieldset disabled={disabled} className="space-y-4">
        {content}
        {state.error ? <Alert tone="error">{state.error}</Alert> : null}
        {state.ok && state.message && !toast ? <Alert tone="success">{state.message}</Alert> : null}
        <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
      </fieldset>
    </form>
  );
}

/** A redrawn form has lost the focus its submit button had: give it back to that button. */
function useRefocusAfterRedraw(form: RefObject<HTMLFormElement | null>, version: string) {
  const first = useRef(version);
  useEffect(() => {
    if (version === first.current) return;
    const active = document.activeElement;
    if (!active || active === document.body) form.current?.querySelector<HTMLButtonElement>("button[type=submit]")?.focus();
  }, [form, version]);
}
