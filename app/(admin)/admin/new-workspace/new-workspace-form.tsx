"use client";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { slugify } from "@/lib/slug";
import { createWorkspaceAction } from "../actions";

export function NewWorkspaceForm() {
  const [state, formAction] = useActionState<FormState, FormData>(createWorkspaceAction, {});
  const [slug, setSlug] = useState(state.values?.slug ?? "");
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state.error ? <Alert tone="error">{state.error}</Alert> : null}
      <Field name="name" label="Business name" required defaultValue={state.values?.name} error={e.name} onChange={(ev) => setSlug(slugify(ev.target.value))} />
      <Field name="slug" label="Portal address" required value={slug} onChange={(ev) => setSlug(ev.target.value)} error={e.slug} hint={`Portal at /p/${slug || "your-business"}`} />
      <SubmitButton className="w-full" pendingText="Creating…">
        Create workspace
      </SubmitButton>
    </form>
  );
}
