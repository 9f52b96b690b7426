"use client";
import Link from "next/link";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions";
import { slugify } from "@/lib/slug";
import { demoAction, setupAction, type DemoState } from "./actions";

function SetupForm() {
  const [state, formAction] = useActionState<FormState, FormData>(setupAction, {});
  const [slug, setSlug] = useState(state.values?.workspaceSlug ?? "");
  const [slugEdited, setSlugEdited] = useState(false);
  const e = state.fieldErrors ?? {};
  return (
    <Card>
      <CardTitle>Create your account</CardTitle>
      <form action={formAction} className="mt-5 space-y-5" noValidate>
        {state.error ? <Alert tone="error">{state.error}</Alert> : null}
        <fieldset className="space-y-4">
          <legend className="mb-2 text-sm font-semibold text-zinc-500">You, the owner</legend>
          <Field name="name" label="Your name" autoComplete="name" required defaultValue={state.values?.name} error={e.name} />
          <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={e.email} />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            error={e.password}
            hint="At least 8 characters. A few unrelated words make a strong password."
          />
        </fieldset>
        <fieldset className="space-y-4">
          <legend className="mb-2 text-sm font-semibold text-zinc-500">Your first workspace</legend>
          <Field
            name="workspaceName"
            label="Business name"
            required
            defaultValue={state.values?.workspaceName}
            error={e.workspaceName}
            onChange={(ev) => {
              if (!slugEdited) setSlug(slugify(ev.target.value));
            }}
          />
          <Field
            name="workspaceSlug"
            label="Portal address"
            required
            value={slug}
            onChange={(ev) => {
              setSlugEdited(true);
              setSlug(ev.target.value);
            }}
            error={e.workspaceSlug}
            hint={`Your learners' portal will be at /p/${slug || "your-business"}`}
          />
        </fieldset>
        <SubmitButton className="w-full" pendingText="Creating…">
          Create account and workspace
        </SubmitButton>
      </form>
    </Card>
  );
}

/** Both first-run choices; once demo data is loaded only its credentials remain on screen. */
export function SetupChoices() {
  const [state, formAction] = useActionState<DemoState, FormData>(demoAction, {});
  if (state.demo) return <DemoCredentialsCard demo={state.demo} />;
  return (
    <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
      <SetupForm />
      <DemoForm state={state} formAction={formAction} />
    </div>
  );
}

function DemoCredentialsCard({ demo: d }: { demo: NonNullable<DemoState["demo"]> }) {
    return (
      <Card className="mx-auto max-w-xl border-emerald-200">
        <CardTitle>Demo data loaded</CardTitle>
        <p className="mt-2 text-sm text-zinc-600">Write these down: the passwords are shown only once.</p>
        <dl className="mt-4 space-y-4 text-sm" data-testid="demo-credentials">
          <div className="rounded-lg bg-zinc-50 p-3">
            <dt className="font-semibold">Admin (dashboard)</dt>
            <dd>
              Email: <code data-testid="demo-admin-email">{d.admin.email}</code>
            </dd>
            <dd>
              Password: <code data-testid="demo-admin-password">{d.admin.password}</code>
            </dd>
            <dd className="mt-1">
              <Link className="text-accent underline" href="/admin/login">
                Sign in to the dashboard
              </Link>
            </dd>
          </div>
          <div className="rounded-lg bg-zinc-50 p-3">
            <dt className="font-semibold">Demo learner (portal)</dt>
            <dd>
              Email: <code data-testid="demo-learner-email">{d.learner.email}</code>
            </dd>
            <dd>
              Password: <code data-testid="demo-learner-password">{d.learner.password}</code>
            </dd>
            <dd className="mt-1">
              <Link className="text-accent underline" href={`/p/${d.workspaceSlug}/login`}>
                Sign in to the learner portal
              </Link>
            </dd>
          </div>
        </dl>
      </Card>
    );
}

function DemoForm({ state, formAction }: { state: DemoState; formAction: (payload: FormData) => void }) {
  return (
    <Card>
      <CardTitle>Just looking?</CardTitle>
      <p className="mt-2 text-sm text-zinc-600">
        Load a demo studio with two courses, two offers, a community group and a dozen contacts. You get an admin
        account and a demo learner to sign in with.
      </p>
      <form action={formAction} className="mt-5">
        {state.error ? <Alert tone="error" className="mb-4">{state.error}</Alert> : null}
        <SubmitButton variant="secondary" className="w-full" pendingText="Loading demo data…">
          Load demo data
        </SubmitButton>
      </form>
    </Card>
  );
}
