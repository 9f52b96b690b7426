"use client";
import { Link2, Mail, UserPlus } from "lucide-react";
import { useRef, useState } from "react";
import { ContactPicker, type PickedContact } from "@/components/admin/contact-picker";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { questionOf } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SubmitButton } from "@/components/ui/submit-button";
import { generateMagicLinkAction } from "./contacts/[contactId]/actions";
import { MAGIC_LINK_ADMIN_ONLY, MagicLinkLifetime, MagicLinkResult } from "./contacts/[contactId]/contact-actions";
import { bulkQuestionAction } from "./contacts/list-actions";
import { inviteAction, sendLoginEmailsAction } from "./home-actions";

type Option = { value: string; label: string };
export type Destinations = { sections: Option[]; courses: (Option & { lessons: Option[] })[] };

export function GenerateMagicLinkDialog({ workspace, destinations, canGenerate, lifetimeMs, expiresAt }: { workspace: string; destinations: Destinations; canGenerate: boolean; lifetimeMs: number; expiresAt: string }) {
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
        result={(s) => (s.ok && s.data?.link ? <MagicLinkResult link={s.data.link} expiresAt={s.data.expiresAt} /> : null)}
      >
        <MagicLinkLifetime lifetimeMs={lifetimeMs} expiresAt={expiresAt} />
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

type Audience = { reached: number; skipped?: { label: string; items: string[]; more: number }; blocked?: string };

/** Who among the picked contacts gets a login email, and who is skipped and why: asked of the server as they are picked. */
function useLoginAudience(workspace: string) {
  const [audience, setAudience] = useState<Audience | null>(null);
  const asked = useRef(0);
  const check = (picked: PickedContact[]) => {
    const mine = ++asked.current;
    if (picked.length === 0) return setAudience(null);
    const data = new FormData();
    data.set("workspace", workspace);
    data.set("action", "login_email");
    for (const p of picked) data.append("ids", p.id);
    bulkQuestionAction({}, data).then(
      (answer) => {
        if (asked.current !== mine) return;
        const q = questionOf(answer);
        const skipped = q.details ? { ...q.details, more: q.details.more ?? 0 } : undefined;
        if (q.confirmLabel === null) return setAudience({ reached: 0, skipped, blocked: q.description });
        setAudience({ reached: picked.length - (skipped ? skipped.items.length + skipped.more : 0), skipped });
      },
      () => asked.current === mine && setAudience(null),
    );
  };
  return { audience, check };
}

export function SendLoginEmailDialog({ workspace, contactsHref }: { workspace: string; contactsHref: string }) {
  const [picked, setPicked] = useState<PickedContact[]>([]);
  const { audience, check } = useLoginAudience(workspace);
  const reached = audience ? audience.reached : picked.length;
  return (
    <Dialog
      title="Send login email"
      description="Each contact gets a one-time login link (valid 24 hours). Contacts without an active offer or group, or whose address is suppressed, are skipped: they are named here before you send."
      trigger={
        <Button variant="secondary">
          <Mail className="size-4" aria-hidden /> Send Login Email
        </Button>
      }
    >
      <ActionForm action={sendLoginEmailsAction} hidden={{ workspace }} className="space-y-4">
        <ContactPicker
          workspace={workspace}
          name="ids"
          label="Contacts"
          multiple
          onChange={(p) => {
            setPicked(p);
            check(p);
          }}
        />
        {audience?.skipped || audience?.blocked ? (
          <div className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="login-email-skipped" role="status">
            {audience.blocked ? <p className="font-medium">{audience.blocked}</p> : null}
            {audience.skipped ? (
              <>
                <p className={audience.blocked ? "mt-1" : "font-medium"}>{audience.skipped.label}</p>
                <ul className="mt-1 list-disc space-y-0.5 pl-5">
                  {audience.skipped.items.map((item) => <li key={item}>{item}</li>)}
                  {audience.skipped.more ? <li>…and {audience.skipped.more} more</li> : null}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
        <p className="text-sm text-zinc-600">
          To send to everyone in a filter (an offer, a group, a status, a tag), use{" "}
          <a className="text-accent underline underline-offset-4" href={contactsHref}>Contacts</a> → select all → Send login email.
        </p>
        <SubmitButton pendingText="Queueing…" disabled={picked.length === 0 || reached === 0}>
          {reached > 1 ? `Send to ${reached} contacts` : reached === 1 && picked.length > 1 ? "Send to 1 contact" : "Send"}
        </SubmitButton>
      </ActionForm>
    </Dialog>
  );
}
