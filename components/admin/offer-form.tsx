"use client";
import { Field } from "@/components/ui/field";
import { Label } from "@/components/ui/label";
import { Select, Textarea } from "@/components/ui/input";
import type { FormState } from "@/lib/actions";
import { RecordForm } from "./record-form";
import { TitleSlugFields } from "./title-slug-fields";

type Offer = { id: string; title: string; slug: string; description: string; price: string; currency: string; status: string; productIds: string[] };
type Action = (prev: FormState, data: FormData) => Promise<FormState>;

export function OfferForm({ action, workspace, offer, products, disabled }: { action: Action; workspace: string; offer?: Offer; products: { id: string; title: string }[]; disabled?: boolean }) {
  return (
    <RecordForm action={action} hidden={{ workspace, id: offer?.id }} disabled={disabled} submitLabel={offer ? "Save offer" : "Create offer"}>
      {({ value, checked, error }) => (
        <>
          <TitleSlugFields name="title" label="Title" slugLabel="Checkout address" value={value("title", offer?.title)} slug={value("slug", offer?.slug)} error={error("title")} slugError={error("slug")} hint="Lowercase letters, digits, hyphens" follow={!offer} />
          <div className="space-y-1.5">
            <Label htmlFor="offer-description">Description</Label>
            <Textarea id="offer-description" name="description" rows={3} defaultValue={value("description", offer?.description)} />
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field name="price" label="Price" hint="Empty or 0 = free" inputMode="decimal" defaultValue={value("price", offer?.price)} error={error("price")} />
            <Field name="currency" label="Currency" defaultValue={value("currency", offer?.currency ?? "USD")} error={error("currency")} />
            <div className="space-y-1.5">
              <Label htmlFor="offer-status">Status</Label>
              <Select id="offer-status" name="status" defaultValue={value("status", offer?.status ?? "draft")}>
                <option value="draft">Draft (checkout closed)</option>
                <option value="published">Published</option>
              </Select>
            </div>
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Courses in this offer</legend>
            {products.length === 0 ? <p className="text-sm text-zinc-600">No courses yet: create one under Courses.</p> : null}
            {products.map((p) => (
              <label key={p.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="productIds" value={p.id} defaultChecked={checked(`productIds:${p.id}`, offer?.productIds.includes(p.id))} className="size-4 accent-accent" />
                {p.title}
              </label>
            ))}
          </fieldset>
        </>
      )}
    </RecordForm>
  );
}
