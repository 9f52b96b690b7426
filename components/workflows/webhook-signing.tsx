"use client";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardTitle } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

/** The workspace's webhook signing secret: revealed on request (with a copy button), or rotated. */
export function WebhookSigning({ workspace, reveal, rotate }: { workspace: string; reveal: Action; rotate: Action }) {
  const shown = (label: string, testId: string) =>
    function Shown(state: FormState) {
      return state.ok && state.data?.secret ? <div className="mt-3"><CopyField label={label} value={state.data.secret} testId={testId} /></div> : null;
    };
  return (
    <Card data-testid="webhook-signing">
      <CardTitle>Webhook signing</CardTitle>
      <p className="mt-1 text-sm text-zinc-600">
        Every Call webhook step is signed with the{" "}
        <a className="text-accent hover:underline" href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">Standard Webhooks</a> scheme: the request carries the headers{" "}
        <code className="rounded bg-zinc-100 px-1 text-xs">webhook-id</code>, <code className="rounded bg-zinc-100 px-1 text-xs">webhook-timestamp</code> and{" "}
        <code className="rounded bg-zinc-100 px-1 text-xs">webhook-signature</code>. Verify them in your receiver with this secret and any Standard Webhooks library.
      </p>
      <div className="mt-4 flex flex-wrap items-start gap-2">
        <ActionForm action={reveal} hidden={{ workspace }} result={shown("Signing secret", "webhook-secret")} className="min-w-0 flex-1 basis-72">
          <SubmitButton variant="secondary" pendingText="Revealing…">Reveal secret</SubmitButton>
        </ActionForm>
        <ActionForm
          action={rotate}
          hidden={{ workspace }}
          result={shown("New signing secret", "webhook-secret-new")}
          className="min-w-0 flex-1 basis-72"
          confirm={{ title: "Rotate the signing secret?", description: "A new secret is made at once: signatures made with the old one stop verifying immediately, so update your receivers right after.", confirmLabel: "Rotate", danger: true }}
        >
          <SubmitButton variant="secondary" className="text-red-700" pendingText="Rotating…">Rotate secret</SubmitButton>
        </ActionForm>
      </div>
    </Card>
  );
}
