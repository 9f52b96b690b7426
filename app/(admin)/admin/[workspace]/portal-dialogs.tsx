"use client";
import { Link2, Mail, UserPlus } from "lucide-react";
import { useState } from "react";
import { ContactPicker, type PickedContact } from "@/components/admin/contact-picker";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SubmitButton } from "@/components/ui/submit-button";
import { generateMagicLinkAction } from "./contacts/[contactId]/actions";
import { MAGIC_LINK_ADMIN_ONLY } from "./contacts/[contactId]/contact-actions";
import { inviteAction, sendLoginEmailsAction } from "./home-actions";

type Option = { value: string; label: string };
export type Destinations = { sections: Option[]; courses: (Option & { lessons: Option[] })[] };

export function GenerateMagicLinkDialog({ workspace, destinations, canGenerate }: { workspace: string; destinations: Destinations; canGenerate: boolean }) {
  const [contact, setContact] = useState<PickedContact | null>(null);
  const [open, setOpen] = useState(false);
  if (!canGenerate) {
    // The sentence takes its own line below the row of buttons (order-last, full width).
    return (
      <>
        <Button disabled aria-describedby="magic-link-admin-only">
          <Link2 className="size-4" aria-hidden /> Generate Magic Link
        </Button>
        <p id="magic-link-admin-only" className="order-last basis-full text-sm text-zinc-600">{MAGIC_LINK_ADMIN_ONLY}</p>
      </>
    );
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setContact(null);
      }}
      title="Generate magic link"
      description="A personal sign-in link you can copy and send anywhere. It replaces the contact's previous magic link."
      trigger={
        <Button>
          <Link2 className="size-4" aria-hidden /> Generate Magic Link
        </Button>
      }
    >
      <ActionForm
        action={generateMagicLinkAction}
        inline
        hidden={{ workspace, contactId: contact?.id ?? "" }}
        className="space-y-4"
        result={(s) => (s.ok && s.data?.link ? <div className="mt-3"><CopyField label="Magic link" value={s.data.link} testId="magic-link" /></div> : null)}
      >
        <ContactPicker workspace={workspace} name="picked" label="Contact" autoFocus onChange={(p) => setContact(p[0] ?? null)} />
        <div className="space-y-1.5">
          <Label htmlFor="ml-destination">Leads to (optional)</Label>
          <Select id="ml-destination" name="destination" defaultValue="">
            <option value="">Portal home</option>
            <optgroup label="Sections">
              {destinations.sections.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
            </optgroup>
            {destinations.courses.map((c) => (
              <optgroup key={c.value} label={`Course: ${c.label}`}>
                <option value={c.value}>{c.label} (course page)</option>
                {c.lessons.map((l) => <option key={l.value} value={l.value}>{l.label}</option>)}
              </optgroup>
            ))}
          </Select>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="sendEmail" className="size-4" /> Send email (the contact also gets the link by email)
        </label>
        <SubmitButton pendingText="Generating…" disabled={!contact}>Generate</SubmitButton>
      </ActionForm>
    </Dialog>
  );
}

export function InviteDialog({ workspace, offers, groups, canGrant }: { workspace: string; offers: Option[]; groups: Option[]; canGrant: boolean }) {
  const [existing, setExisting] = useState<PickedContact | null>(null);
  return (
    <Dialog
      title="Invite to the portal"
      description="Sends the portal invitation with a link to set a password, and marks the contact invited."
      trigger={
        <Button variant="secondary">
          <UserPlus className="size-4" aria-hidden /> Invite
        </Button>
      }
    >
      <ActionForm action={inviteAction} inline hidden={{ workspace, ...(existing ? { email: existing.email } : {}) }} className="space-y-4">
        {(s) => (
          <>
            <ContactPicker workspace={workspace} name="picked" label="Existing contact (optional)" onChange={(p) => setExisting(p[0] ?? null)} />
            {existing ? null : (
              <fieldset className="space-y-3 rounded-lg border border-zinc-200 p-3">
                <legend className="px-1 text-sm font-medium">…or a new email</legend>
                <Field name="email" label="Email" type="email" autoComplete="off" defaultValue={s.values?.email} error={s.fieldErrors?.email} />
                <div className="grid gap-3 sm:grid-cols-2">
                  <Field name="firstName" label="First name" defaultValue={s.values?.firstName} />
                  <Field name="lastName" label="Last name" defaultValue={s.values?.lastName} />
                </div>
              </fieldset>
            )}
            {canGrant ? (
              <div className="grid gap-3 sm:grid-cols-2">
                <div className="space-y-1.5">
                  <Label htmlFor="invite-offer">Grant an offer</Label>
                  <Select id="invite-offer" name="offerId" defaultValue="" aria-invalid={s.fieldErrors?.offerId ? true : undefined} aria-describedby={s.fieldErrors?.offerId ? "invite-offer-error" : undefined}>
                    <option value="">None</option>
                    {offers.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </Select>
                </div>
                <div className="space-y-1.5">
                  <Label htmlFor="invite-group">Add to a group</Label>
                  <Select id="invite-group" name="groupId" defaultValue="">
                    <option value="">None</option>
                    {groups.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </Select>
                </div>
                {s.fieldErrors?.offerId ? <p id="invite-offer-error" role="alert" className="text-sm text-red-600 sm:col-span-2">{s.fieldErrors.offerId}</p> : null}
              </div>
            ) : null}
            <SubmitButton pendingText="Inviting…">Send invitation</SubmitButton>
          </>
        )}
      </ActionForm>
    </Dialog>
  );
}

export function SendLoginEmailDialog({ workspace, contactsHref }: { workspace: string; contactsHref: string }) {
  const [picked, setPicked] = useState<PickedContact[]>([]);
  return (
    <Dialog
      title="Send login email"
      description="Each contact gets a one-time login link (valid 24 hours). Contacts without an active offer or group are skipped."
      trigger={
        <Button variant="secondary">
          <Mail className="size-4" aria-hidden /> Send Login Email
        </Button>
      }
    >
      <ActionForm action={sendLoginEmailsAction} hidden={{ workspace }} className="space-y-4">
        <ContactPicker workspace={workspace} name="ids" label="Contacts" multiple onChange={setPicked} />
        <p className="text-sm text-zinc-600">
          To send to everyone in a filter (an offer, a group, a status, a tag), use{" "}
          <a className="text-accent underline underline-offset-4" href={contactsHref}>Contacts</a> → select all → Send login email.
        </p>
        <SubmitButton pendingText="Queueing…" disabled={picked.length === 0}>
          {picked.length > 1 ? `Send to ${picked.length} contacts` : "Send"}
        </SubmitButton>
      </ActionForm>
    </Dialog>
  );
}
