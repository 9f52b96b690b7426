"use client";
import { useActionState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import type { FormState } from "@/lib/actions";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

/**
 * A dashboard form bound to a server action: hidden fields, the outcome shown beside it,
 * and an optional confirmation before destructive actions.
 */
export function ActionForm({ action, hidden, children, confirm, result, className }: {
  action: Action;
  hidden: Record<string, string>;
  children: ReactNode | ((state: FormState) => ReactNode);
  confirm?: string;
  result?: (state: FormState) => ReactNode;
  className?: string;
}) {
  const [state, formAction] = useActionState<FormState, FormData>(action, {});
  return (
    <form
      action={formAction}
      className={className}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {typeof children === "function" ? children(state) : children}
      {state.error && !state.fieldErrors ? (
        <Alert tone="error" className="mt-3">
          {state.error}
        </Alert>
      ) : null}
      {state.ok && state.message ? (
        <Alert tone="success" className="mt-3">
          {state.message}
        </Alert>
      ) : null}
      {result ? result(state) : null}
    </form>
  );
}
