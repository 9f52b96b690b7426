"use client";
import { ActionForm } from "@/components/ui/action-form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SubmitButton } from "@/components/ui/submit-button";
import { saveSmartListAction } from "./list-actions";

/** "Save as smart list": the current search and filters under a name, shown in the sidebar. */
export function SmartListForm({ hidden }: { hidden: Record<string, string> }) {
  return (
    <ActionForm action={saveSmartListAction} hidden={hidden} className="flex flex-wrap items-end gap-2">
      {(s) => (
        <>
          <div className="space-y-1">
            <Label htmlFor="smart-list-name">Save as smart list</Label>
            <Input id="smart-list-name" name="name" placeholder="e.g. Invited, never signed in" className="w-60" aria-invalid={s.fieldErrors?.name ? true : undefined} aria-describedby={s.fieldErrors?.name ? "smart-list-error" : undefined} />
          </div>
          <SubmitButton variant="secondary" pendingText="Saving…">Save</SubmitButton>
          {s.fieldErrors?.name ? <p id="smart-list-error" className="w-full text-sm text-red-600" role="alert">{s.fieldErrors.name}</p> : null}
        </>
      )}
    </ActionForm>
  );
}
