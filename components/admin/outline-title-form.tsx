"use client";
import { ActionForm } from "@/components/ui/action-form";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { cn } from "@/lib/utils";

/**
 * One title field and its button on the course outline (rename a category, add a category or a
 * lesson): the outcome is a toast, and a missing title is said beside the field.
 */
export function OutlineTitleForm({ action, hidden, id, label, defaultValue, placeholder, submit, pendingText, primary, className, inputClassName }: {
  action: (prev: FormState, data: FormData) => Promise<FormState>;
  hidden: Record<string, string>;
  id: string;
  label: string;
  defaultValue?: string;
  placeholder?: string;
  submit: string;
  pendingText: string;
  primary?: boolean;
  className?: string;
  inputClassName?: string;
}) {
  return (
    <ActionForm action={action} hidden={hidden} className={cn("flex flex-wrap items-center gap-2", className)}>
      {(state) => {
        const error = state.fieldErrors?.title;
        return (
          <>
            <label className="sr-only" htmlFor={id}>{label}</label>
            <Input id={id} name="title" defaultValue={defaultValue} placeholder={placeholder} maxLength={200} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} className={cn("max-w-sm flex-1", inputClassName)} />
            <SubmitButton variant={primary ? "primary" : "secondary"} size={primary ? "md" : "sm"} pendingText={pendingText}>{submit}</SubmitButton>
            {error ? <p id={`${id}-error`} className="w-full text-sm text-red-600">{error}</p> : null}
          </>
        );
      }}
    </ActionForm>
  );
}
