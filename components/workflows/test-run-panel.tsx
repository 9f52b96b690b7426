"use client";
import { useState, useTransition, type RefObject } from "react";
import { ContactPicker } from "@/components/admin/contact-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/actions";
import type { TestStep } from "@/lib/workflows/test-run";
import { TestRunResult } from "./test-run-result";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

/**
 * Test run: the builder's fields as they are now (not saved), run for one contact without
 * writing or sending anything. Field errors go back to the builder, beside their fields.
 */
export function TestRunPanel({ action, workspace, formRef, onFieldErrors }: { action: Action; workspace: string; formRef: RefObject<HTMLFormElement | null>; onFieldErrors: (e: Record<string, string>) => void }) {
  const [contactId, setContactId] = useState("");
  const [state, setState] = useState<FormState>({});
  const [pending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      const form = formRef.current;
      if (!form) return;
      const data = new FormData(form);
      data.set("workspace", workspace);
      data.set("testContactId", contactId);
      const next = await action({}, data);
      setState(next);
      if (next.ok || next.fieldErrors) onFieldErrors(next.fieldErrors ?? {});
    });
  const result = state.ok && state.data?.result ? (JSON.parse(state.data.result) as { contact: string; steps: TestStep[] }) : null;
  return (
    <section aria-labelledby="test-run-title" className="mt-8 space-y-4 border-t border-zinc-200 pt-6" data-testid="test-run">
      <div>
        <h2 id="test-run-title" className="text-base font-semibold">Test run</h2>
        <p className="mt-1 text-sm text-zinc-600">
          See what each step would do for one contact, with the steps as they are above (saved or not). <strong className="font-medium text-zinc-900">Nothing is saved or sent.</strong>
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 sm:max-w-sm">
          <ContactPicker workspace={workspace} name="testContact" label="Contact to test with" onChange={(picked) => setContactId(picked[0]?.id ?? "")} />
        </div>
        <Button type="button" variant="secondary" onClick={run} disabled={pending} aria-disabled={pending}>
          {pending ? "Testing…" : "Test run"}
        </Button>
      </div>
      <div aria-live="polite">
        {state.error ? <Alert tone="error">{state.error}</Alert> : null}
        {result && !pending ? <TestRunResult contact={result.contact} steps={result.steps} /> : null}
      </div>
    </section>
  );
}
