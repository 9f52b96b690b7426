"use client";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FormState } from "@/lib/actions";
import { RecordForm } from "./record-form";

type Group = { id: string; name: string; slug: string; description: string };

export function GroupForm({ action, workspace, group, disabled }: { action: (prev: FormState, data: FormData) => Promise<FormState>; workspace: string; group?: Group; disabled?: boolean }) {
  return (
    <RecordForm action={action} hidden={{ workspace, id: group?.id }} disabled={disabled} submitLabel={group ? "Save group" : "Create group"}>
      {({ value, error }) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field name="name" label="Name" required defaultValue={value("name", group?.name)} error={error("name")} />
            <Field name="slug" label="Address" hint="Used in the portal URL" required defaultValue={value("slug", group?.slug)} error={error("slug")} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="group-description">Description</Label>
            <Textarea id="group-description" name="description" rows={2} defaultValue={value("description", group?.description)} />
          </div>
        </>
      )}
    </RecordForm>
  );
}
