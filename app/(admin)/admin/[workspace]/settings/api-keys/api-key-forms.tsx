"use client";
import { useState } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { CopyField } from "@/components/ui/copy-field";
import { ShownOnceDialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { SCOPES, SCOPE_NAMES } from "@/lib/api/scopes";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

export function CreateApiKeyForm({ workspace }: { workspace: string }) {
  const [shown, setShown] = useState<{ key: string; name: string } | null>(null);
  // The key goes to this component's state only: the form's state (kept by React, echoed into
  // fields after a failed submit) never holds it.
  const create: Action = async (prev, data) => {
    const next = await createApiKeyAction(prev, data);
    if (next.ok && next.data?.key) setShown({ key: next.data.key, name: String(data.get("name") ?? "") });
    return { ...next, data: undefined };
  };
  return (
    <>
      <ActionForm action={create} hidden={{ workspace }} className="space-y-4">
        {(s) => (
          <>
            <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
              <Field name="name" label="Name" required maxLength={80} autoComplete="off" hint="What uses it, e.g. “Checkout” or “CRM sync”." error={s.fieldErrors?.name} defaultValue={s.values?.name} />
              <Field name="expiresInDays" label="Expires after (days)" type="number" inputMode="numeric" min={1} max={3650} hint="Empty: until revoked." error={s.fieldErrors?.expiresInDays} defaultValue={s.values?.expiresInDays} />
            </div>
            <fieldset aria-describedby={s.fieldErrors?.scopes ? "scopes-error" : undefined} aria-invalid={s.fieldErrors?.scopes ? true : undefined}>
              <legend className="text-sm font-medium text-zinc-800">Scopes</legend>
              <p className="text-xs text-zinc-500">Give the key only what its caller needs.</p>
              <div className="mt-2 grid gap-2 sm:grid-cols-2">
                {SCOPE_NAMES.map((scope) => (
                  <label key={scope} className="flex items-start gap-2 rounded-lg border border-zinc-200 px-3 py-2 text-sm has-[:checked]:border-accent has-[:checked]:bg-zinc-50">
                    <input type="checkbox" name="scopes" value={scope} className="mt-0.5 size-4 shrink-0 accent-[var(--color-accent)]" />
                    <span className="min-w-0">
                      <span className="block font-mono text-xs font-medium">{scope}</span>
                      <span className="block text-zinc-600">{SCOPES[scope]}</span>
                    </span>
                  </label>
                ))}
              </div>
              {s.fieldErrors?.scopes ? (
                <p id="scopes-error" className="mt-1.5 text-sm text-red-600">
                  {s.fieldErrors.scopes}
                </p>
              ) : null}
            </fieldset>
            <SubmitButton pendingText="Creating…">Create key</SubmitButton>
          </>
        )}
      </ActionForm>
      <KeyShownOnce shown={shown} onClose={() => setShown(null)} />
    </>
  );
}

/** The new key, once: closing the dialog forgets it here too. */
function KeyShownOnce({ shown, onClose }: { shown: { key: string; name: string } | null; onClose: () => void }) {
  return (
    <ShownOnceDialog
      open={!!shown}
      onClose={onClose}
      testId="api-key-shown"
      title={`Your new API key${shown?.name ? ` “${shown.name}”` : ""}`}
      description="Copy it now: Portico keeps only its fingerprint and cannot show it again."
    >
      {shown ? (
        <div className="mt-4">
          <CopyField label="API key" value={shown.key} testId="api-key-value" />
          <p className="mt-2 text-xs text-zinc-600">
            Send it as <code className="rounded bg-zinc-100 px-1">Authorization: Bearer pk_…</code>. Anyone with it can act on this workspace within its scopes: keep it in your tool&apos;s secret settings, not in code.
          </p>
        </div>
      ) : null}
    </ShownOnceDialog>
  );
}

export function RevokeApiKeyForm({ workspace, id, name, prefix }: { workspace: string; id: string; name: string; prefix: string }) {
  return (
    <ActionForm
      action={revokeApiKeyAction}
      hidden={{ workspace, id }}
      confirm={{ title: `Revoke “${name}” (${prefix}…)?`, description: "Requests with this key are refused from now on. This cannot be undone: whatever uses it needs a new key.", confirmLabel: "Revoke", danger: true }}
    >
      <SubmitButton variant="ghost" size="sm" className="text-red-700" pendingText="Revoking…" aria-label={`Revoke ${name}`}>
        Revoke
      </SubmitButton>
    </ActionForm>
  );
}
