"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_TYPE_NAMES } from "@/lib/webhooks/event-types";
import { createEndpointAction, updateEndpointAction } from "./actions";
import { SecretShownOnce } from "./secret-dialog";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;
type Defaults = { url?: string; description?: string; eventTypes?: string[] };

/** URL, description and the event types (checkboxes with what each means), errors beside each. */
function EndpointFields({ s, defaults = {}, idPrefix }: { s: FormState; defaults?: Defaults; idPrefix: string }) {
  const typesError = s.fieldErrors?.eventTypes;
  const errorId = `${idPrefix}-event-types-error`;
  return (
    <>
      <Field id={`${idPrefix}-url`} name="url" label="Endpoint URL" type="url" inputMode="url" required maxLength={2000} autoComplete="off" placeholder="https://example.com/webhooks/portico" hint="Where Portico POSTs each event, signed. https only." error={s.fieldErrors?.url} defaultValue={s.values?.url ?? defaults.url} />
      <Field id={`${idPrefix}-description`} name="description" label="Description (optional)" maxLength={200} autoComplete="off" hint="What listens there, e.g. “CRM sync”." error={s.fieldErrors?.description} defaultValue={s.values?.description ?? defaults.description} />
      <fieldset aria-describedby={typesError ? errorId : undefined} aria-invalid={typesError ? true : undefined}>
        <legend className="text-sm font-medium text-zinc-800">Event types</legend>
        <p className="text-xs text-zinc-500">Only the events chosen are sent to this endpoint.</p>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {WEBHOOK_EVENT_TYPE_NAMES.map((type) => (
            <label key={type} className="flex items-start gap-2 rounded-lg border border-zinc-200 px-3 py-2 text-sm has-[:checked]:border-accent has-[:checked]:bg-zinc-50">
              <input type="checkbox" name="eventTypes" value={type} defaultChecked={defaults.eventTypes?.includes(type)} className="mt-0.5 size-4 shrink-0 accent-[var(--color-accent)]" />
              <span className="min-w-0">
                <span className="block font-medium">{WEBHOOK_EVENT_TYPES[type].label}</span>
                <span className="block font-mono text-xs text-zinc-500">{type}</span>
                <span className="block text-zinc-600">{WEBHOOK_EVENT_TYPES[type].description}</span>
              </span>
            </label>
          ))}
        </div>
        {typesError ? (
          <p id={errorId} className="mt-1.5 text-sm text-red-600">
            {typesError}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}

export function CreateEndpointForm({ workspace }: { workspace: string }) {
  const router = useRouter();
  const [shown, setShown] = useState<{ secret: string; id: string } | null>(null);
  // The secret goes to this component's state only, never into the form's (echoed) state.
  const create: Action = async (prev, data) => {
    const next = await createEndpointAction(prev, data);
    if (next.ok && next.data?.secret) setShown({ secret: next.data.secret, id: next.data.id ?? "" });
    return { ...next, data: undefined };
  };
  return (
    <>
      <ActionForm action={create} hidden={{ workspace }} className="space-y-4">
        {(s) => (
          <>
            <EndpointFields s={s} idPrefix="new-endpoint" />
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="enabled" defaultChecked className="size-4 accent-[var(--color-accent)]" />
              Send events to it from now on
            </label>
            <SubmitButton pendingText="Adding…">Add endpoint</SubmitButton>
          </>
        )}
      </ActionForm>
      <SecretShownOnce
        shown={shown ? { title: "Your endpoint's signing secret", secret: shown.secret, note: "Next: send a test event from the endpoint's page to check that your receiver verifies it." } : null}
        onClose={() => {
          const id = shown?.id;
          setShown(null);
          if (id) router.push(`/admin/${workspace}/settings/webhooks/${id}`);
        }}
      />
    </>
  );
}

export function EditEndpointForm({ workspace, id, defaults }: { workspace: string; id: string; defaults: Defaults }) {
  return (
    <ActionForm action={updateEndpointAction} hidden={{ workspace, id }} className="space-y-4">
      {(s) => (
        <>
          <EndpointFields s={s} defaults={defaults} idPrefix="edit-endpoint" />
          <SubmitButton pendingText="Saving…">Save changes</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
