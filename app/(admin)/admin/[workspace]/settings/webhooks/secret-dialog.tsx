"use client";
import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";

export type ShownSecret = { title: string; secret: string; note?: ReactNode };

/** A signing secret, once: closing the dialog forgets it (the caller drops it from its state). */
export function SecretShownOnce({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  return (
    <RadixDialog.Root open={!!shown} onOpenChange={(open) => (open ? null : onClose())}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40" />
        <RadixDialog.Content
          data-testid="webhook-secret-shown"
          className="fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[calc(100vw-1.5rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl focus:outline-none"
        >
          <RadixDialog.Title className="text-lg font-semibold">{shown?.title ?? "Signing secret"}</RadixDialog.Title>
          <RadixDialog.Description className="mt-1 text-sm text-zinc-600">Copy it now: Portico cannot show it again.</RadixDialog.Description>
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
          <div className="mt-6 flex justify-end">
            <RadixDialog.Close asChild>
              <Button type="button">I have copied it</Button>
            </RadixDialog.Close>
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
