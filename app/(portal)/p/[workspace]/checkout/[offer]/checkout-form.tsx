"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { checkoutAction } from "./actions";

export function CheckoutForm({ workspace, offer, referral }: { workspace: string; offer: string; referral?: string }) {
  const [state, formAction] = useActionState<FormState, FormData>(checkoutAction, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <input type="hidden" name="workspace" value={workspace} />
      <input type="hidden" name="offer" value={offer} />
      {referral ? <input type="hidden" name="ref" value={referral} /> : null}
      <Field name="name" label="Full name" autoComplete="name" required defaultValue={state.values?.name} error={state.fieldErrors?.name} />
      <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <SubmitButton className="w-full" size="lg" pendingText="Working…">
        Proceed to checkout
      </SubmitButton>
    </form>
  );
}
