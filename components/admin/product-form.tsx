"use client";
import { BookOpen } from "lucide-react";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FormState } from "@/lib/actions";
import { CoverImage } from "@/components/ui/cover-image";
import { RecordForm } from "./record-form";
import { TitleSlugFields } from "./title-slug-fields";

type Product = { id: string; title: string; slug: string; description: string; coverUrl: string | null; published: boolean };

export function ProductForm({ action, workspace, product, disabled }: { action: (prev: FormState, data: FormData) => Promise<FormState>; workspace: string; product?: Product; disabled?: boolean }) {
  return (
    <RecordForm action={action} hidden={{ workspace, id: product?.id }} disabled={disabled} submitLabel={product ? "Save course" : "Create course"}>
      {({ value, checked, error }) => (
        <>
          <TitleSlugFields name="title" label="Title" value={value("title", product?.title)} slug={value("slug", product?.slug)} error={error("title")} slugError={error("slug")} hint="Used in the portal URL" follow={!product} />
          <div className="space-y-1.5">
            <Label htmlFor="product-description">Description</Label>
            <Textarea id="product-description" name="description" rows={2} defaultValue={value("description", product?.description)} />
          </div>
          <Field name="coverUrl" label="Cover image URL" type="url" placeholder="https://…" defaultValue={value("coverUrl", product?.coverUrl)} error={error("coverUrl")} />
          {product?.coverUrl ? <CoverPreview src={product.coverUrl} /> : null}
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="published" defaultChecked={checked("published", product?.published)} className="size-4 accent-accent" /> Published (learners with access see it)
          </label>
        </>
      )}
    </RecordForm>
  );
}

/** The saved cover as learners see it; one that cannot be loaded shows their placeholder and says so. */
function CoverPreview({ src }: { src: string }) {
  const placeholder = (
    <div className="flex h-20 w-36 shrink-0 items-center justify-center rounded-lg bg-accent/10" data-testid="cover-placeholder">
      <BookOpen className="size-8 text-accent" aria-hidden />
    </div>
  );
  return (
    <div className="flex items-center gap-3">
      <CoverImage
        src={src}
        alt="The current cover"
        className="h-20 w-36 shrink-0 rounded-lg border border-zinc-200 object-cover"
        fallback={placeholder}
        onFail={<p role="status" className="text-sm text-amber-800">This cover image could not be loaded, so learners see this placeholder instead. Check the address.</p>}
      />
    </div>
  );
}
