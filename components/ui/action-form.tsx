"use client";
import { useActionState, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useToast } from "@/components/ui/toaster";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog, questionOf, specOf, type ConfirmSpec } from "@/components/ui/confirm-dialog";
import { useKeptInput } from "@/components/ui/use-kept-input";
import type { FormState } from "@/lib/actions";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

/**
 * What to ask before the action runs: a question ("Revoke X? The contact loses…"), a full
 * spec, or `{ ask }`: a server action that works the question out from the form about to be
 * sent (e.g. how many people a bulk email reaches, and who is left out) and answers it as
 * JSON in `data.question` — nothing is written by it.
 */
export type Confirm = string | ConfirmSpec | { ask: Action };

/**
 * A dashboard form bound to a server action: hidden fields, errors shown beside it, success
 * as a toast (inline where there is no toaster, or with `inline`, e.g. inside a dialog), and
 * an optional confirmation in the dashboard's own dialog before destructive actions. A failed
 * submit keeps what was entered (React would reset the fields).
 */
export function ActionForm({ action, hidden, children, confirm, result, className, inline }: {
  action: Action;
  hidden: Record<string, string>;
  children: ReactNode | ((state: FormState) => ReactNode);
  confirm?: Confirm;
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
  const { formRef, remember } = useKeptInput(state);
  const asking = useConfirmation(confirm);
  return (
    <form
      ref={formRef}
      action={formAction}
      className={className}
      // The server checks every field and answers with a clear message; the browser's own bubbles would say less.
      noValidate
      onSubmit={(e) => {
        if (asking.intercept(e)) return;
        remember(e);
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
      {confirm ? <ConfirmDialog open={asking.open} spec={asking.spec} onConfirm={asking.go} onCancel={asking.cancel} returnFocus={asking.submitter} /> : null}
    </form>
  );
}

/** Holds a submit back until the dialog's confirm button is pressed, then sends it as it was (same submit button). */
function useConfirmation(confirm: Confirm | undefined) {
  // Kept after closing (open: false) so the dialog can still hand the focus back to the button that asked.
  const [asking, setAsking] = useState<{ open: boolean; spec: ConfirmSpec | null; form: HTMLFormElement; submitter: HTMLElement | null } | null>(null);
  const confirmed = useRef(false);
  const round = useRef(0);
  return {
    open: !!asking?.open,
    spec: asking?.spec ?? null,
    submitter: asking?.submitter ?? null,
    /** True when the submit was held back to ask first. */
    intercept(e: FormEvent<HTMLFormElement>): boolean {
      if (!confirm || confirmed.current) {
        confirmed.current = false;
        return false;
      }
      e.preventDefault();
      const form = e.currentTarget;
      const submitter = (e.nativeEvent as SubmitEvent).submitter;
      const goLabel = submitter?.textContent?.trim() || submitter?.getAttribute("aria-label") || "Confirm";
      if (typeof confirm === "string" || !("ask" in confirm)) {
        const danger = /^(remove|revoke|delete|sign out)\b/i.test(goLabel);
        setAsking({ open: true, spec: { confirmLabel: goLabel, danger, ...(typeof confirm === "string" ? specOf(confirm) : confirm) }, form, submitter });
        return true;
      }
      const mine = ++round.current;
      setAsking({ open: true, spec: null, form, submitter });
      confirm
        .ask({}, new FormData(form, submitter))
        .then(questionOf)
        .catch((): ConfirmSpec => ({ title: "That could not be checked", description: "Nothing was sent. Try again in a moment.", confirmLabel: null }))
        .then((spec) => {
          if (round.current === mine) setAsking((a) => (a ? { ...a, spec: { confirmLabel: goLabel, ...spec } } : a));
        });
      return true;
    },
    go() {
      if (!asking?.open) return;
      const { form, submitter } = asking;
      confirmed.current = true;
      setAsking({ ...asking, open: false });
      form.requestSubmit(submitter && submitter.isConnected && form.contains(submitter) ? submitter : undefined);
    },
    cancel() {
      round.current++;
      setAsking((a) => (a ? { ...a, open: false } : a));
    },
  };
}
