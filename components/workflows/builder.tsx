"use client";
import { startTransition, useActionState, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useToast } from "@/components/ui/toaster";
import type { FormState } from "@/lib/actions";
import { SUBJECT_FIELD, TRIGGERS, TRIGGER_TYPES, type FilterSubject, type TriggerType } from "@/lib/workflows/definitions";
import type { WorkflowChoices } from "@/lib/workflows/manage";
import type { WorkflowDraft } from "@/lib/workflows/recipes";
import { ErrorSummary } from "./error-summary";
import { FieldShell, Picker } from "./field-shell";
import { StepList, type KeyedStep } from "./step-list";
import { StopWhen } from "./stop-when";
import { TestRunPanel } from "./test-run-panel";

type Action = (prev: FormState, data: FormData) => Promise<FormState>;

const ANY: Record<FilterSubject, string> = { offer: "Any offer", product: "Any course", category: "Any section", lesson: "Any lesson", group: "Any group", tag: "" };
const SUBJECT_LABEL: Record<FilterSubject, string> = { offer: "Offer", product: "Course", category: "Section", lesson: "Lesson", group: "Group", tag: "Tag" };
const CHOICES: Record<Exclude<FilterSubject, "tag">, keyof WorkflowChoices> = { offer: "offers", product: "products", category: "categories", lesson: "lessons", group: "groups" };

let seq = 0;
const keyed = (steps: WorkflowDraft["steps"]): KeyedStep[] => steps.map((s) => ({ ...s, key: `s${++seq}` }));

/**
 * The workflow builder: trigger and filter, ordered steps (added, moved with buttons, removed),
 * stop conditions, Save. The fields are controlled, so a failed save keeps everything as it
 * was typed (the submit is sent by hand: React's form reset does not run); without script the
 * form still posts, with the same field names. Below it, the Test run panel reads the same fields.
 */
export function WorkflowBuilder({ action, testAction, workspace, id, draft, choices, canEdit, mergeFields, templatesHref }: {
  action: Action;
  testAction?: Action;
  workspace: string;
  id?: string;
  draft: WorkflowDraft;
  choices: WorkflowChoices;
  canEdit: boolean;
  mergeFields: [string, string][];
  templatesHref: string;
}) {
  const toast = useToast();
  const [name, setName] = useState(draft.name);
  const [trigger, setTrigger] = useState<TriggerType | "">(draft.trigger);
  const [filter, setFilter] = useState<Record<string, string>>(draft.filter);
  const [steps, setSteps] = useState<KeyedStep[]>(() => keyed(draft.steps));
  const [stopWhen, setStopWhen] = useState(draft.stopWhen);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const [state, formAction] = useActionState<FormState, FormData>(async (prev, data) => {
    const next = await action(prev, data);
    setErrors(next.fieldErrors ?? {});
    if (toast && next.ok && next.message) toast(next.message);
    return next;
  }, {});
  const subject = trigger ? TRIGGERS[trigger].subject : null;
  // Errors of steps and conditions are by position: once the list changes they no longer point right.
  const restructure = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith("steps") && !k.startsWith("stopWhen"))));
  };
  return (
    <>
    <form
      ref={formRef}
      action={formAction}
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      <input type="hidden" name="workspace" value={workspace} />
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <ErrorSummary errors={errors} message={state.error} />
      <fieldset disabled={!canEdit} className="min-w-0 space-y-6">
        <FieldShell name="name" label="Name" error={errors.name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoComplete="off" />
        </FieldShell>
        <fieldset className="space-y-3">
          <legend className="text-base font-semibold">When</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <FieldShell name="trigger" label="Trigger" error={errors.trigger}>
              <Select
                value={trigger}
                onChange={(e) => {
                  const next = e.target.value as TriggerType | "";
                  const keep = next && TRIGGERS[next].subject === subject && subject ? SUBJECT_FIELD[subject] : null;
                  setTrigger(next);
                  setFilter((f) => ({ ...(keep && f[keep] ? { [keep]: f[keep] } : {}), ...(f.contactTag ? { contactTag: f.contactTag } : {}) }));
                }}
              >
                <option value="">Choose what starts it…</option>
                {TRIGGER_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {TRIGGERS[t].label}
                  </option>
                ))}
              </Select>
            </FieldShell>
            {subject ? <SubjectFilter subject={subject} value={filter[SUBJECT_FIELD[subject]] ?? ""} onChange={(v) => setFilter((f) => ({ ...f, [SUBJECT_FIELD[subject]]: v }))} error={errors[`filter.${SUBJECT_FIELD[subject]}`]} choices={choices} /> : null}
          </div>
          <FieldShell name="filter.contactTag" label="Only contacts with the tag (optional)" error={errors["filter.contactTag"]}>
            <Input value={filter.contactTag ?? ""} onChange={(e) => setFilter((f) => ({ ...f, contactTag: e.target.value }))} maxLength={50} autoComplete="off" className="sm:max-w-xs" />
          </FieldShell>
        </fieldset>
        <StepList steps={steps} onChange={restructure(setSteps)} onEdit={setSteps} errors={errors} choices={choices} mergeFields={mergeFields} templatesHref={templatesHref} />
        <StopWhen conditions={stopWhen} onChange={restructure(setStopWhen)} errors={errors} offers={choices.offers} triggerHasOffer={subject === "offer"} />
        {canEdit ? <SubmitButton pendingText="Saving…">{id ? "Save workflow" : "Create workflow"}</SubmitButton> : <p className="text-sm text-zinc-600">Only a workspace admin or owner can change workflows.</p>}
        {state.ok && state.message && !toast ? <Alert tone="success">{state.message}</Alert> : null}
      </fieldset>
    </form>
    {canEdit && testAction ? <TestRunPanel action={testAction} workspace={workspace} formRef={formRef} onFieldErrors={setErrors} /> : null}
    </>
  );
}

function SubjectFilter({ subject, value, onChange, error, choices }: { subject: FilterSubject; value: string; onChange: (v: string) => void; error?: string; choices: WorkflowChoices }) {
  const name = `filter.${SUBJECT_FIELD[subject]}`;
  if (subject === "tag") {
    return (
      <FieldShell name={name} label="Tag (empty: any tag)" error={error}>
        <Input value={value} onChange={(e) => onChange(e.target.value)} maxLength={50} autoComplete="off" />
      </FieldShell>
    );
  }
  return (
    <FieldShell name={name} label={SUBJECT_LABEL[subject]} error={error}>
      <Picker value={value} onChange={onChange} choices={choices[CHOICES[subject]]} none={ANY[subject]} />
    </FieldShell>
  );
}
