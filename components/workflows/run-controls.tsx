import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import type { FormState } from "@/lib/actions";
import type { RunDetail } from "@/lib/workflows/runs";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;
export type RunActions = { retry: Action; skip: Action; resume: Action; cancel: Action };

/** The buttons a run allows now (RunDetail.can); Skip and Cancel ask first. */
export function RunControls({ workspace, detail, actions }: { workspace: string; detail: RunDetail; actions: RunActions }) {
  const hidden = { workspace, id: detail.run.id };
  const step = detail.steps[detail.run.currentStep];
  const stepName = step ? `step ${step.index + 1} (${step.label})` : "the current step";
  const { can } = detail;
  if (!can.retry && !can.skip && !can.resume && !can.cancel) return null;
  return (
    <div className="flex flex-wrap gap-2" data-testid="run-controls">
      {can.retry ? (
        <ActionForm action={actions.retry} hidden={hidden}>
          <Button type="submit">Retry step</Button>
        </ActionForm>
      ) : null}
      {can.resume ? (
        <ActionForm action={actions.resume} hidden={hidden}>
          <Button type="submit" variant="secondary">Resume now</Button>
        </ActionForm>
      ) : null}
      {can.skip ? (
        <ActionForm action={actions.skip} hidden={hidden} confirm={`Skip ${stepName}? It is recorded as skipped and the run goes on with the next step; what it would have done is not done.`}>
          <Button type="submit" variant="secondary">Skip step</Button>
        </ActionForm>
      ) : null}
      {can.cancel ? (
        <ActionForm action={actions.cancel} hidden={hidden} confirm={{ title: "Cancel this run?", description: "No further step runs for this contact. What earlier steps did (emails sent, access granted) stays done. This cannot be undone.", confirmLabel: "Cancel run", danger: true }}>
          <Button type="submit" variant="secondary" className="text-red-700">Cancel run</Button>
        </ActionForm>
      ) : null}
    </div>
  );
}
