"use client";
import { useState } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardTitle } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

/** The workspace's webhook signing secret: revealed on request (with a copy button), or rotated. One secret shows: the latest. */
export function WebhookSigning({ workspace, reveal, rotate }: { workspace: string; reveal: Action; rotate: Action }) {
  const [shown, setShown] = useState<{ secret: string; rotated: boolean } | null>(null);
  // The secret is kept here, not in either form's state, so a rotate replaces what a reveal showed.
  const keep = (action: Action, rotated: boolean): Action => async (prev, data) => {
    const next = await action(prev, data);
    if (next.ok && next.data?.secret) setShown({ secret: next.data.secret, rotated });
    return { ...next, data: undefined };
  };
  return (
    <Card data-testid="webhook-signing">
      <CardTitle>Webhook signing</CardTitle>
      <p className="mt-1 text-sm text-zinc-600">
        Every Call webhook step is signed with the{" "}
        <a className="text-accent underline underline-offset-2" href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">Standard Webhooks</a> scheme: the request carries the headers{" "}
        <code className="rounded bg-zinc-100 px-1 text-xs">webhook-id</code>, <code className="rounded bg-zinc-100 px-1 text-xs">webhook-timestamp</code> and{" "}
        <code className="rounded bg-zinc-100 px-1 text-xs">webhook-signature</code>. Verify them in your receiver with this secret and any Standard Webhooks library.
      </p>
      <div className="mt-4 flex flex-wrap items-start gap-2">
        <ActionForm action={keep(reveal, false)} hidden={{ workspace }}>
          <SubmitButton variant="secondary" pendingText="Revealing…">Reveal secret</SubmitButton>
        </ActionForm>
        <ActionForm
          action={keep(rotate, true)}
          hidden={{ workspace }}
          confirm={{ title: "Rotate the signing secret?", description: "A new secret is made at once: signatures made with the old one stop verifying immediately, so update your receivers right after.", confirmLabel: "Rotate", danger: true }}
        >
          <SubmitButton variant="secondary" className="text-red-700" pendingText="Rotating…">Rotate secret</SubmitButton>
        </ActionForm>
      </div>
      {shown ? (
        <div className="mt-4 max-w-xl">
          <CopyField key={shown.secret} label={shown.rotated ? "New signing secret" : "Signing secret"} value={shown.secret} testId="webhook-secret" />
          <p className="mt-1 text-xs text-zinc-600">{shown.rotated ? "The old secret no longer verifies: put this one in your receivers now." : "Keep it secret: anyone with it can sign requests as this workspace."}</p>
        </div>
      ) : null}
    </Card>
  );
}
