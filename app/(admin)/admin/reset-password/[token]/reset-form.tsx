"use client";
import { useActionState } from "react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { resetPasswordAction } from "../../actions";

export function ResetForm({ token, email }: { token: string; email: string }) {
  const [state, formAction] = useActionState<FormState, FormData>(resetPasswordAction, {});
  if (state.ok) {
    return (
      <div className="space-y-4">
        <Alert tone="success">{state.message}</Alert>
        <Link href="/admin/login" className={buttonVariants({ className: "w-full" })}>
          Go to sign in
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.error && !state.fieldErrors?.password ? <Alert tone="error">{state.error}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        error={state.fieldErrors?.password}
        hint="At least 8 characters. A few unrelated words make a strong password."
      />
      <SubmitButton className="w-full" pendingText="Saving…">
        Save password and sign in
      </SubmitButton>
    </form>
  );
}
