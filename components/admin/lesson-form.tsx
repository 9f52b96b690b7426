"use client";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FormState } from "@/lib/actions";
import { RecordForm } from "./record-form";

type Lesson = { title: string; body: string; videoUrl: string };

export function LessonForm({ action, hidden, lesson, disabled }: { action: (prev: FormState, data: FormData) => Promise<FormState>; hidden: Record<string, string>; lesson: Lesson; disabled?: boolean }) {
  return (
    <RecordForm action={action} hidden={hidden} disabled={disabled} submitLabel="Save lesson">
      {({ value, error }) => (
        <>
          <Field name="title" label="Title" required defaultValue={value("title", lesson.title)} error={error("title")} />
          <Field name="videoUrl" label="Video URL (optional)" hint="YouTube, Vimeo, or a link to an .mp4 file" type="url" defaultValue={value("videoUrl", lesson.videoUrl)} error={error("videoUrl")} />
          <div className="space-y-1.5">
            <Label htmlFor="lesson-body">Lesson text (Markdown)</Label>
            <Textarea id="lesson-body" name="body" rows={16} className="font-mono" defaultValue={value("body", lesson.body)} aria-describedby="lesson-body-hint" />
            <p id="lesson-body-hint" className="text-xs text-zinc-500">## headings, **bold**, *italic*, - lists, [links](https://…), tables. HTML is not rendered.</p>
            {error("body") ? <p className="text-sm text-red-600">{error("body")}</p> : null}
          </div>
        </>
      )}
    </RecordForm>
  );
}
