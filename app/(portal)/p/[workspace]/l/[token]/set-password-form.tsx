"use client";
import { useActionState } from "react";
import { NewPasswordField } from "@/components/auth/new-password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { completePasswordLinkAction } from "../../actions";

export function SetPasswordForm({ workspace, token, email, related, submitLabel }: { workspace: string; token: string; email: string; related: string[]; submitLabel: string }) {
  const [state, formAction] = useActionState<FormState, FormData>(completePasswordLinkAction, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="workspace" value={workspace} />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <NewPasswordField related={related} error={state.fieldErrors?.password} />
      <SubmitButton className="w-full" pendingText="Saving…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
