"use client";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FormState } from "@/lib/actions";
import { RecordForm } from "./record-form";

type Product = { id: string; title: string; slug: string; description: string; coverUrl: string | null; published: boolean };

export function ProductForm({ action, workspace, product, disabled }: { action: (prev: FormState, data: FormData) => Promise<FormState>; workspace: string; product?: Product; disabled?: boolean }) {
  return (
    <RecordForm action={action} hidden={{ workspace, id: product?.id }} disabled={disabled} submitLabel={product ? "Save course" : "Create course"}>
      {({ value, error }) => (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field name="title" label="Title" required defaultValue={value("title", product?.title)} error={error("title")} />
            <Field name="slug" label="Address" hint="Used in the portal URL" required defaultValue={value("slug", product?.slug)} error={error("slug")} />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="product-description">Description</Label>
            <Textarea id="product-description" name="description" rows={2} defaultValue={value("description", product?.description)} />
          </div>
          <Field name="coverUrl" label="Cover image URL" type="url" placeholder="https://…" defaultValue={value("coverUrl", product?.coverUrl)} error={error("coverUrl")} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="published" defaultChecked={product?.published} className="size-4 accent-accent" /> Published (learners with access see it)
          </label>
        </>
      )}
    </RecordForm>
  );
}
