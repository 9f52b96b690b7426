"use client";
import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { deleteEndpointAction, redeliverAction, rotateEndpointSecretAction, sendTestEventAction, setEndpointEnabledAction } from "./actions";
import { SecretShownOnce } from "./secret-dialog";

type Props = { workspace: string; id: string };

/** Send test event, on/off, rotate secret and delete, for owners and admins. */
export function EndpointControls({ workspace, id, url, enabled }: Props & { url: string; enabled: boolean }) {
  return (
    <div className="flex flex-wrap items-start gap-2" data-testid="endpoint-controls">
      <ActionForm action={sendTestEventAction} hidden={{ workspace, id }}>
        <SubmitButton pendingText="Sending…">Send test event</SubmitButton>
      </ActionForm>
      <ActionForm action={setEndpointEnabledAction} hidden={{ workspace, id, on: String(!enabled) }}>
        <SubmitButton variant="secondary" pendingText={enabled ? "Turning off…" : "Turning on…"}>
          {enabled ? "Turn off" : "Turn on"}
        </SubmitButton>
      </ActionForm>
      <RotateSecret workspace={workspace} id={id} />
      <ActionForm
        action={deleteEndpointAction}
        hidden={{ workspace, id }}
        confirm={{ title: `Delete the endpoint ${url}?`, description: "Nothing more is sent to it, and its delivery history is deleted with it. This cannot be undone.", confirmLabel: "Delete", danger: true }}
      >
        <SubmitButton variant="ghost" className="text-red-700" pendingText="Deleting…">
          Delete
        </SubmitButton>
      </ActionForm>
    </div>
  );
}

function RotateSecret({ workspace, id }: Props) {
  const [shown, setShown] = useState<{ secret: string; until: string } | null>(null);
  const rotate = async (prev: FormState, data: FormData): Promise<FormState> => {
    const next = await rotateEndpointSecretAction(prev, data);
    if (next.ok && next.data?.secret) setShown({ secret: next.data.secret, until: next.data.previousSecretExpiresAt ?? "" });
    return { ...next, data: undefined };
  };
  return (
    <>
      <ActionForm
        action={rotate}
        hidden={{ workspace, id }}
        confirm={{ title: "Rotate the signing secret?", description: "A new secret is made and shown once. For the next 24 hours every delivery carries two signatures, one with each secret, so your receiver keeps verifying while you switch it to the new one.", confirmLabel: "Rotate secret" }}
      >
        <SubmitButton variant="secondary" pendingText="Rotating…">
          Rotate secret
        </SubmitButton>
      </ActionForm>
      <SecretShownOnce
        shown={shown ? { title: "The new signing secret", secret: shown.secret, note: <>The old secret keeps verifying until <LocalTime at={shown.until} />; after that only this one signs.</> } : null}
        onClose={() => setShown(null)}
      />
    </>
  );
}

export function RedeliverForm({ workspace, id, deliveryId, size = "md" }: Props & { deliveryId: string; size?: "sm" | "md" }) {
  return (
    <ActionForm action={redeliverAction} hidden={{ workspace, id, deliveryId }}>
      <SubmitButton variant="secondary" size={size} pendingText="Queuing…">
        Redeliver
      </SubmitButton>
    </ActionForm>
  );
}

/** Fetches the page's data again (deliveries move on their own, in the worker). */
export function RefreshButton({ label = "Refresh" }: { label?: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button type="button" variant="secondary" size="sm" disabled={pending} onClick={() => start(() => router.refresh())}>
      <RefreshCw className={pending ? "size-4 animate-spin" : "size-4"} aria-hidden />
      {pending ? "Refreshing…" : label}
    </Button>
  );
}
