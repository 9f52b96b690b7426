"use client";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { slugify } from "@/lib/slug";

/**
 * A record's name and its address (slug). While `follow` (a new record) and the address has
 * not been typed by hand, the address is filled from the name as it is typed; clearing the
 * address hands it back to the name. A saved record's address never follows: links to it
 * would break.
 */
export function TitleSlugFields({ name, label, slugLabel = "Address", value, slug, error, slugError, hint, follow }: {
  name: string;
  label: string;
  slugLabel?: string;
  value: string;
  slug: string;
  error?: string;
  slugError?: string;
  hint: string;
  follow: boolean;
}) {
  const [address, setAddress] = useState(slug);
  // An address still equal to what the name gives (e.g. after a failed create) keeps following.
  const [byHand, setByHand] = useState(!follow || (slug !== "" && slug !== slugify(value)));
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field name={name} label={label} required defaultValue={value} error={error} onChange={(e) => (byHand ? undefined : setAddress(slugify(e.target.value)))} />
      <Field
        name="slug"
        label={slugLabel}
        hint={follow && !byHand ? `${hint}; filled from the ${label.toLowerCase()} until you change it` : hint}
        required
        value={address}
        onChange={(e) => {
          setAddress(e.target.value);
          setByHand(e.target.value !== "");
        }}
        error={slugError}
      />
    </div>
  );
}
