"use client";
import { useActionState, type ReactNode } from "react";
import { useToast } from "@/components/ui/toaster";
import { Alert } from "@/components/ui/alert";
import type { FormState } from "@/lib/actions";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

/**
 * A dashboard form bound to a server action: hidden fields, errors shown beside it, success
 * as a toast (inline where there is no toaster, or with `inline`, e.g. inside a dialog), and
 * an optional confirmation before destructive actions.
 */
export function ActionForm({ action, hidden, children, confirm, result, className, inline }: {
  action: Action;
  hidden: Record<string, string>;
  children: ReactNode | ((state: FormState) => ReactNode);
  confirm?: string;
  result?: (state: FormState) => ReactNode;
  className?: string;
  inline?: boolean;
}) {
  const toast = useToast();
  const toasting = !!toast && !inline;
  // Without a toaster the server action is bound directly (the form also works before hydration).
  const [state, formAction] = useActionState<FormState, FormData>(
    toasting
      ? async (prev, data) => {
          const next = await action(prev, data);
          if (next.ok && next.message) toast(next.message);
          return next;
        }
      : action,
    {},
  );
  return (
    <form
      action={formAction}
      className={className}
      // The server checks every field and answers with a clear message; the browser's own bubbles would say less.
      noValidate
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
      {state.ok && state.message && !toasting ? (
        <Alert tone="success" className="mt-3">
          {state.message}
        </Alert>
      ) : null}
      {result ? result(state) : null}
    </form>
  );
}
