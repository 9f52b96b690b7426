"use client";
import type { ReactNode } from "react";
import { CopyField } from "@/components/ui/copy-field";
import { ShownOnceDialog } from "@/components/ui/dialog";

export type ShownSecret = { title: string; secret: string; note?: ReactNode };

/** A signing secret, once: closing the dialog forgets it (the caller drops it from its state). */
export function SecretShownOnce({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  return (
    <ShownOnceDialog open={!!shown} onClose={onClose} testId="webhook-secret-shown" title={shown?.title ?? "Signing secret"} description="Copy it now: Portico cannot show it again.">
      {shown ? (
        <div className="mt-4 space-y-2">
          <CopyField label="Signing secret" value={shown.secret} testId="webhook-secret-value" />
          <p className="text-xs text-zinc-600">
            Verify each delivery&apos;s <code className="rounded bg-zinc-100 px-1">webhook-signature</code> header with it, using a{" "}
            <a className="text-accent underline" href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
              Standard Webhooks
            </a>{" "}
            library. Keep it in your receiver&apos;s secret settings, not in code.
          </p>
          {shown.note ? <p className="text-xs text-zinc-600">{shown.note}</p> : null}
        </div>
      ) : null}
    </ShownOnceDialog>
  );
}
