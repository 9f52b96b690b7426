"use client";
import { RecordForm } from "@/components/admin/record-form";
import { Field } from "@/components/ui/field";
import { saveProfileAction } from "./actions";

export function ProfileForm({ workspace, contactId, profile, canEdit }: { workspace: string; contactId: string; profile: { firstName: string; lastName: string; phone: string; tags: string }; canEdit: boolean }) {
  return (
    <RecordForm action={saveProfileAction} hidden={{ workspace, contactId }} disabled={!canEdit} submitLabel="Save profile">
      {(f) => (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="firstName" label="First name" defaultValue={f.value("firstName", profile.firstName)} error={f.error("firstName")} />
          <Field name="lastName" label="Last name" defaultValue={f.value("lastName", profile.lastName)} error={f.error("lastName")} />
          <Field name="phone" label="Phone" type="tel" defaultValue={f.value("phone", profile.phone)} error={f.error("phone")} />
          <Field name="tags" label="Tags" defaultValue={f.value("tags", profile.tags)} error={f.error("tags")} hint="Comma-separated, e.g. vip, cohort-3" />
        </div>
      )}
    </RecordForm>
  );
}
