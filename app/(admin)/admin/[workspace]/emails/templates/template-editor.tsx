"use client";
import { useActionState, useRef, startTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { previewTemplateAction, saveTemplateAction, sendTestAction } from "./actions";

type Template = { id?: string; name: string; subject: string; body: string };

export function TemplateEditor({ workspace, template, fields, canEdit }: { workspace: string; template: Template; fields: [string, string][]; canEdit: boolean }) {
  const [saved, save] = useActionState<FormState, FormData>(saveTemplateAction, {});
  const [preview, runPreview, previewing] = useActionState<FormState, FormData>(previewTemplateAction, {});
  const [test, runTest, testing] = useActionState<FormState, FormData>(sendTestAction, {});
  const form = useRef<HTMLFormElement>(null);
  const previewEmail = useRef<HTMLInputElement>(null);
  const run = (action: (f: FormData) => void) => startTransition(() => action(new FormData(form.current!)));
  const e = { ...preview.fieldErrors, ...test.fieldErrors, ...saved.fieldErrors };
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <form ref={form} action={save} className="space-y-4" noValidate>
        <input type="hidden" name="workspace" value={workspace} />
        {template.id ? <input type="hidden" name="id" value={template.id} /> : null}
        <Field name="name" label="Name (only admins see it)" defaultValue={saved.values?.name ?? template.name} error={e.name} disabled={!canEdit} />
        <Field name="subject" label="Subject" defaultValue={saved.values?.subject ?? template.subject} error={e.subject} disabled={!canEdit} />
        <div className="space-y-1.5">
          <Label htmlFor="template-body">Email</Label>
          <Textarea id="template-body" name="body" rows={12} defaultValue={saved.values?.body ?? template.body} aria-invalid={e.body ? true : undefined} disabled={!canEdit} />
          {e.body ? <p className="text-sm text-red-600">{e.body}</p> : null}
        </div>
        <details className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm" open>
          <summary className="cursor-pointer font-medium">Merge fields</summary>
          <ul className="mt-2 space-y-1" data-testid="merge-fields">
            {fields.map(([f, what]) => (
              <li key={f}><code className="rounded bg-white px-1">{`{{${f}}}`}</code> <span className="text-zinc-600">{what}</span></li>
            ))}
          </ul>
        </details>
        {saved.error && !saved.fieldErrors ? <Alert tone="error">{saved.error}</Alert> : null}
        {saved.ok && saved.message ? <Alert tone="success">{saved.message}</Alert> : null}
        <div className="flex flex-wrap items-end gap-2">
          {canEdit ? <SubmitButton pendingText="Saving…">{template.id ? "Save template" : "Create template"}</SubmitButton> : null}
          <Button type="button" variant="secondary" disabled={testing} onClick={() => run(runTest)}>{testing ? "Sending…" : "Send test to me"}</Button>
        </div>
        {test.ok && test.message ? <Alert tone="success">{test.message}</Alert> : test.error ? <Alert tone="error">{test.error}</Alert> : null}
      </form>
      <section aria-label="Preview" className="space-y-3">
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-48 flex-1 space-y-1.5">
            <Label htmlFor="preview-email">Preview for contact (email)</Label>
            <Input id="preview-email" ref={previewEmail} type="email" placeholder="leave empty for a sample person" />
          </div>
          <Button
            type="button"
            variant="secondary"
            disabled={previewing}
            onClick={() =>
              startTransition(() => {
                const data = new FormData(form.current!);
                data.set("previewEmail", previewEmail.current?.value ?? "");
                runPreview(data);
              })
            }
          >
            {previewing ? "Rendering…" : "Preview"}
          </Button>
        </div>
        {preview.error ? <Alert tone="error">{preview.error}</Alert> : null}
        {preview.ok && preview.data ? (
          <div className="rounded-xl border border-zinc-200 bg-white shadow-sm" data-testid="template-preview">
            <p className="border-b border-zinc-100 px-4 py-2 text-sm">
              <span className="text-zinc-500">To {preview.data.for} · Subject:</span> <span className="font-medium" data-testid="preview-subject">{preview.data.subject}</span>
            </p>
            <iframe title="Template preview" srcDoc={preview.data.html} sandbox="" className="h-[28rem] w-full rounded-b-xl" />
          </div>
        ) : (
          <p className="text-sm text-zinc-500">Preview shows the email as a contact would get it; {"{{login_url}}"} becomes a one-time link when it is sent.</p>
        )}
      </section>
    </div>
  );
}
