import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { buttonVariants } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;
export type RecipeItem = { key: string; label: string; description: string; ready: boolean };

/** Starter recipes: one click creates the workflow turned off; one with a choice left opens the builder prefilled. */
export function RecipeList({ recipes, workspace, action, canEdit }: { recipes: RecipeItem[]; workspace: string; action: Action; canEdit: boolean }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2" data-testid="recipes">
      {recipes.map((r) => (
        <li key={r.key} className="flex flex-col justify-between gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm">
          <div>
            <p className="font-medium">{r.label}</p>
            <p className="mt-1 text-sm text-zinc-600">{r.description}</p>
          </div>
          {!canEdit ? null : r.ready ? (
            <ActionForm action={action} hidden={{ workspace, recipe: r.key }}>
              <SubmitButton variant="secondary" size="sm" pendingText="Creating…" aria-label={`Use recipe: ${r.label}`}>Use recipe</SubmitButton>
            </ActionForm>
          ) : (
            <Link href={`/admin/${workspace}/workflows/new?recipe=${r.key}`} className={buttonVariants({ variant: "secondary", size: "sm", className: "self-start" })} aria-label={`Open recipe in the builder: ${r.label}`}>
              Open in builder
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
