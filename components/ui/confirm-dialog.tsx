"use client";
import * as RadixDialog from "@radix-ui/react-dialog";
import { Button } from "./button";

/** What a confirmation asks: the question, what follows from it, and the button that goes ahead. */
export type ConfirmSpec = {
  title: string;
  description?: string;
  /** More to know before going ahead, e.g. who is left out and why (plain data: a server action may answer it). */
  details?: { label: string; items: string[]; more?: number };
  /** The confirm button's words, e.g. "Revoke"; none when the action cannot go ahead (then only Close). */
  confirmLabel?: string | null;
  /** Destructive (removes or revokes something): the confirm button is red. */
  danger?: boolean;
};

/** "Revoke X? The contact loses…" → the question as the title, the rest as the description. */
export function specOf(question: string): ConfirmSpec {
  const at = question.indexOf("? ");
  return at < 0 ? { title: question } : { title: question.slice(0, at + 1), description: question.slice(at + 2) };
}

/** A server action's answer to "what should the confirmation ask?" (JSON in `data.question`), or why it cannot go ahead. */
export function questionOf(answer: { ok?: boolean; error?: string; data?: Record<string, string> }): ConfirmSpec {
  if (answer.ok && answer.data?.question) return JSON.parse(answer.data.question) as ConfirmSpec;
  return { title: "This cannot be done", description: answer.error ?? "Nothing was sent. Try again.", confirmLabel: null };
}

/**
 * The dashboard's confirmation before an action that cannot be undone or reaches many people:
 * an alert dialog (Radix: focus trapped, Escape and Cancel close it, focus returns to where it
 * was), instead of the browser's own confirm(), which is unstyled, cannot say much and blocks
 * the page. `spec` is null while what it asks is still being worked out.
 */
export function ConfirmDialog({ open, spec, onConfirm, onCancel, returnFocus }: {
  open: boolean;
  spec: ConfirmSpec | null;
  onConfirm: () => void;
  onCancel: () => void;
  /** Where the focus goes back to when it closes (the button that asked): there is no Radix trigger to return to. */
  returnFocus?: HTMLElement | null;
}) {
  const label = spec?.confirmLabel === undefined ? "Confirm" : spec.confirmLabel;
  return (
    <RadixDialog.Root open={open} onOpenChange={(o) => (o ? null : onCancel())}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40" />
        <RadixDialog.Content
          role="alertdialog"
          data-testid="confirm-dialog"
          onOpenAutoFocus={(e) => {
            // The focus starts on Cancel (the least harmful choice), so an Enter pressed twice does not go through.
            const cancel = (e.currentTarget as HTMLElement).querySelector<HTMLButtonElement>("[data-confirm-cancel]");
            if (cancel) {
              e.preventDefault();
              cancel.focus();
            }
          }}
          onCloseAutoFocus={(e) => {
            if (!returnFocus?.isConnected) return;
            e.preventDefault();
            returnFocus.focus();
          }}
          className="fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[calc(100vw-1.5rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl focus:outline-none"
        >
          <RadixDialog.Title className="text-lg font-semibold">{spec?.title ?? "Checking…"}</RadixDialog.Title>
          <RadixDialog.Description className={spec?.description ? "mt-1 text-sm text-zinc-600" : "sr-only"}>{spec?.description ?? spec?.title ?? "Working out who this reaches."}</RadixDialog.Description>
          {spec?.details ? (
            <div className="mt-3 text-sm" data-testid="confirm-details">
              <p className="font-medium">{spec.details.label}</p>
              <ul className="mt-1 max-h-48 list-disc space-y-0.5 overflow-y-auto pl-5 text-zinc-700">
                {spec.details.items.map((item) => <li key={item}>{item}</li>)}
                {spec.details.more ? <li>…and {spec.details.more.toLocaleString("en")} more</li> : null}
              </ul>
            </div>
          ) : null}
          <div className="mt-6 flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" data-confirm-cancel onClick={onCancel}>
              {label ? "Cancel" : "Close"}
            </Button>
            {label ? (
              <Button type="button" data-confirm-ok disabled={!spec} onClick={onConfirm} className={spec?.danger ? "bg-red-700 hover:bg-red-800 hover:brightness-100" : undefined}>
                {label}
              </Button>
            ) : null}
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
