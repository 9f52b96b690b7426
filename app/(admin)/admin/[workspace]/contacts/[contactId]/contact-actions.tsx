"use client";
import { useEffect, useRef } from "react";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Field } from "@/components/ui/field";
import { Label } from "@/components/ui/label";
import { SubmitButton } from "@/components/ui/submit-button";
import { LocalTime } from "@/components/ui/local-time";
import { formatDuration } from "@/lib/mail/format";
import { changePasswordAction, generateMagicLinkAction, previewAsLearnerAction, revokeLinkAction, sendLoginEmailAction, sendResetLinkAction, signOutEverywhereAction } from "./actions";

type Props = { workspace: string; contactId: string; email: string; canManage: boolean; hasPassword: boolean };

const selectClass = "h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm shadow-sm focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30";

/** Why a member sees no magic-link form: the link is a credential shown to whoever makes it. */
export const MAGIC_LINK_ADMIN_ONLY =
  "Generating a magic link needs the admin role: the link signs whoever holds it in as the contact, so only admins are shown one. You can still send a login email, which goes to the contact's own inbox.";

/**
 * What a magic link is, said before one is made: reusable, until it expires, and when that is
 * for a link made now (the workspace's lifetime, Settings → Links; the time in the viewer's zone).
 */
export function MagicLinkLifetime({ lifetimeMs, expiresAt }: { lifetimeMs: number; expiresAt: string }) {
  return (
    <p className="text-sm text-zinc-600" data-testid="magic-link-lifetime">
      Unlike a login email&apos;s one-time link, it works many times (every time it is opened) until it expires. A link made now
      lasts {formatDuration(lifetimeMs)}: until <LocalTime at={expiresAt} className="font-medium text-zinc-800" />. The lifetime is set in Settings → Links.
    </p>
  );
}

/** The link just made, with what it does and when it stops working (in the viewer's zone). */
export function MagicLinkResult({ link, expiresAt }: { link: string; expiresAt?: string }) {
  return (
    <div className="mt-3 space-y-2">
      <CopyField label="Magic link" value={link} testId="magic-link" />
      <p className="text-sm text-zinc-600" data-testid="magic-link-note">
        It can be used many times until {expiresAt ? <LocalTime at={expiresAt} className="font-medium text-zinc-800" /> : "it expires"}: opening it does not use it up. Whoever has it signs in as this contact, so send it only to them.
      </p>
    </div>
  );
}

export function GenerateMagicLink({ workspace, contactId, canGenerate, lifetimeMs, expiresAt }: Pick<Props, "workspace" | "contactId"> & { canGenerate: boolean; lifetimeMs: number; expiresAt: string }) {
  if (!canGenerate) {
    return (
      <div className="space-y-3">
        <p id="magic-link-admin-only" className="text-sm text-zinc-600">{MAGIC_LINK_ADMIN_ONLY}</p>
        <Button type="button" disabled aria-describedby="magic-link-admin-only">Generate magic link</Button>
      </div>
    );
  }
  return (
    <ActionForm
      action={generateMagicLinkAction}
      inline
      hidden={{ workspace, contactId }}
      className="space-y-3"
      result={(s) => (s.ok && s.data?.link ? <MagicLinkResult link={s.data.link} expiresAt={s.data.expiresAt} /> : null)}
    >
      <MagicLinkLifetime lifetimeMs={lifetimeMs} expiresAt={expiresAt} />
      <div className="space-y-1.5">
        <Label htmlFor="destination">Leads to</Label>
        <select id="destination" name="destination" className={selectClass} defaultValue="">
          <option value="">Portal home</option>
          <option value="courses">Courses</option>
          <option value="communities">Communities</option>
          <option value="affiliate">Affiliate page</option>
        </select>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="sendEmail" className="size-4 accent-[var(--color-accent)]" /> Also send it by email
      </label>
      <SubmitButton pendingText="Generating…">Generate magic link</SubmitButton>
    </ActionForm>
  );
}

export function QuickActions({ workspace, contactId, email, canManage, hasPassword }: Props) {
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap gap-2">
        <ActionForm action={sendLoginEmailAction} hidden={{ workspace, contactId }}>
          <SubmitButton variant="secondary" pendingText="Sending…">Send login email</SubmitButton>
        </ActionForm>
        <ActionForm action={sendResetLinkAction} hidden={{ workspace, contactId }}>
          <SubmitButton variant="secondary" pendingText="Sending…">{hasPassword ? "Send reset link" : "Send set-password link"}</SubmitButton>
        </ActionForm>
      </div>
      {canManage ? (
        <>
          <ActionForm action={changePasswordAction} hidden={{ workspace, contactId }} className="space-y-3 border-t border-zinc-200 pt-4">
            {(s) => (
              <>
                <input type="hidden" name="username" autoComplete="off" value={email} readOnly />
                <Field name="password" label="New password for this contact" type="password" autoComplete="new-password" required error={s.fieldErrors?.password} />
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="notify" defaultChecked className="size-4" /> Notify the contact by email
                </label>
                <SubmitButton variant="secondary" pendingText="Saving…">Change password</SubmitButton>
              </>
            )}
          </ActionForm>
          <ActionForm action={signOutEverywhereAction} hidden={{ workspace, contactId }} confirm={`Sign ${email} out of every device?`} className="border-t border-zinc-200 pt-4">
            <SubmitButton variant="secondary" pendingText="Signing out…">Sign out everywhere</SubmitButton>
          </ActionForm>
        </>
      ) : (
        <p className="text-xs text-zinc-500">Changing passwords and ending sessions needs the admin role.</p>
      )}
    </div>
  );
}

export function RevokeButton({ workspace, contactId, tokenId }: { workspace: string; contactId: string; tokenId: string }) {
  return (
    <ActionForm action={revokeLinkAction} hidden={{ workspace, contactId, tokenId }} confirm="Revoke this link? It stops working at once.">
      <Button type="submit" size="sm" variant="ghost" className="text-red-700">
        Revoke
      </Button>
    </ActionForm>
  );
}

export function PreviewForm({ workspace, contactId }: Pick<Props, "workspace" | "contactId">) {
  return (
    <ActionForm action={previewAsLearnerAction} hidden={{ workspace, contactId }} className="space-y-3" result={(s) => (s.ok && s.data?.previewUrl ? <PreviewOpener state={s} url={s.data.previewUrl} /> : null)}>
      {(s) => (
        <>
          <Field name="reason" label="Reason (recorded)" required placeholder="e.g. Support ticket #123: can't see the course" error={s.fieldErrors?.reason} defaultValue={s.values?.reason} />
          <SubmitButton variant="secondary" pendingText="Starting…">Preview as learner</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

/**
 * The preview opens in its own tab, once per start (the press is still a fresh user gesture
 * when the action answers, so the browser allows it); the link stays for a blocked pop-up.
 */
function PreviewOpener({ state, url }: { state: object; url: string }) {
  const opened = useRef<object | null>(null);
  useEffect(() => {
    if (opened.current === state) return;
    opened.current = state;
    const tab = window.open(url, "_blank");
    if (tab) tab.opener = null;
  }, [state, url]);
  return (
    <p className="text-sm text-zinc-600">
      The portal opened in a new tab.{" "}
      <a href={url} target="_blank" rel="noopener" className="font-medium text-accent underline" data-testid="open-preview">
        Open the preview again
      </a>
    </p>
  );
}
