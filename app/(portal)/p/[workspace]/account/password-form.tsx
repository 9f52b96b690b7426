"use client";
import { useActionState } from "react";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { setPasswordAction } from "../actions";

export function PasswordForm(props: { workspace: string; email: string; related: string[]; needsCurrent: boolean; next?: string; submitLabel: string }) {
  const [state, formAction] = useActionState<FormState, FormData>(setPasswordAction, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      <input type="hidden" name="workspace" value={props.workspace} />
      {props.next !== undefined ? <input type="hidden" name="next" value={props.next} /> : null}
      <input type="hidden" name="username" autoComplete="username" value={props.email} readOnly />
      {props.needsCurrent ? <Field name="current" label="Current password" type="password" autoComplete="current-password" required error={state.fieldErrors?.current} /> : null}
      <NewPasswordField key={state.ok ? "saved" : "editing"} related={props.related} error={state.fieldErrors?.password} />
      <SubmitButton className="w-full" pendingText="Saving…">
        {props.submitLabel}
      </SubmitButton>
    </form>
  );
}
