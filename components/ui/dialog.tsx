"use client";
import * as RadixDialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "./button";

const CONTENT = "fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[calc(100vw-1.5rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl focus:outline-none";

/** A modal dialog (Radix: focus trapped, Escape closes, focus returns to the trigger). */
export function Dialog({ trigger, title, description, children, open, onOpenChange }: {
  trigger: ReactNode;
  title: string;
  description?: string;
  children: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40" />
        <RadixDialog.Content className={CONTENT}>
          <div className="flex items-start justify-between gap-4">
            <RadixDialog.Title className="text-lg font-semibold">{title}</RadixDialog.Title>
            <RadixDialog.Close asChild>
              <Button variant="ghost" size="sm" aria-label="Close">
                <X className="size-4" aria-hidden />
              </Button>
            </RadixDialog.Close>
          </div>
          {description ? <RadixDialog.Description className="mt-1 text-sm text-zinc-600">{description}</RadixDialog.Description> : <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>}
          <div className="mt-4">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/**
 * A secret shown once (an API key, a webhook signing secret): open while the caller holds it,
 * closed by "I have copied it", and closing is the caller's cue to forget it.
 */
export function ShownOnceDialog({ open, onClose, testId, title, description, children }: {
  open: boolean;
  onClose: () => void;
  testId: string;
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={(o) => (o ? null : onClose())}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40" />
        <RadixDialog.Content data-testid={testId} className={CONTENT}>
          <RadixDialog.Title className="text-lg font-semibold">{title}</RadixDialog.Title>
          <RadixDialog.Description className="mt-1 text-sm text-zinc-600">{description}</RadixDialog.Description>
          {open ? children : null}
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
