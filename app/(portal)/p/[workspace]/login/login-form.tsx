"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { learnerLoginAction } from "../actions";

export function LearnerLoginForm({ workspace, next }: { workspace: string; next: string | null }) {
  const [state, formAction] = useActionState<FormState, FormData>(learnerLoginAction, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <input type="hidden" name="workspace" value={workspace} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field name="email" label="Email" type="email" autoComplete="username" required autoFocus defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required error={state.fieldErrors?.password} />
      <SubmitButton className="w-full" pendingText="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
