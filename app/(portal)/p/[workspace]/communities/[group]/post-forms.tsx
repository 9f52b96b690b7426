"use client";
import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { createCommentAction, createPostAction } from "../actions";

const area = "w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-accent focus:outline-none";

function useResetOnSuccess(state: FormState) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) ref.current?.reset();
  }, [state]);
  return ref;
}

export function NewPostForm({ workspace, group }: { workspace: string; group: string }) {
  const [state, action] = useActionState<FormState, FormData>(createPostAction, {});
  const ref = useResetOnSuccess(state);
  return (
    <form ref={ref} action={action} className="space-y-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm">
      <input type="hidden" name="workspace" value={workspace} />
      <input type="hidden" name="group" value={group} />
      <label className="sr-only" htmlFor="post-title">Title</label>
      <input id="post-title" name="title" placeholder="Title (optional)" className={area} defaultValue={state.ok ? "" : state.values?.title} />
      <label className="sr-only" htmlFor="post-body">Post</label>
      <textarea id="post-body" name="body" rows={3} placeholder="Share something with the group…" className={area} defaultValue={state.ok ? "" : state.values?.body} />
      {state.error ? <Alert tone="error">{state.fieldErrors?.body ?? state.error}</Alert> : null}
      <div className="flex justify-end">
        <SubmitButton pendingText="Posting…">Post</SubmitButton>
      </div>
    </form>
  );
}

export function CommentForm({ workspace, group, postId }: { workspace: string; group: string; postId: string }) {
  const [state, action] = useActionState<FormState, FormData>(createCommentAction, {});
  const ref = useResetOnSuccess(state);
  return (
    <form ref={ref} action={action} className="mt-3 flex gap-2">
      <input type="hidden" name="workspace" value={workspace} />
      <input type="hidden" name="group" value={group} />
      <input type="hidden" name="postId" value={postId} />
      <label className="sr-only" htmlFor={`comment-${postId}`}>Comment</label>
      <input id={`comment-${postId}`} name="body" placeholder="Write a comment…" className={area} />
      <SubmitButton size="sm" variant="secondary" className="h-auto" pendingText="…">
        Reply
      </SubmitButton>
      {state.error ? <span className="sr-only" role="alert">{state.error}</span> : null}
    </form>
  );
}
