"use client";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FormState } from "@/lib/actions";
import { RecordForm } from "./record-form";
import { TitleSlugFields } from "./title-slug-fields";

type Group = { id: string; name: string; slug: string; description: string };

export function GroupForm({ action, workspace, group, disabled }: { action: (prev: FormState, data: FormData) => Promise<FormState>; workspace: string; group?: Group; disabled?: boolean }) {
  return (
    <RecordForm action={action} hidden={{ workspace, id: group?.id }} disabled={disabled} submitLabel={group ? "Save group" : "Create group"}>
      {({ value, error }) => (
        <>
          <TitleSlugFields name="name" label="Name" value={value("name", group?.name)} slug={value("slug", group?.slug)} error={error("name")} slugError={error("slug")} hint="Used in the portal URL" follow={!group} />
          <div className="space-y-1.5">
            <Label htmlFor="group-description">Description</Label>
            <Textarea id="group-description" name="description" rows={2} defaultValue={value("description", group?.description)} />
          </div>
        </>
      )}
    </RecordForm>
  );
}
