"use client";
import { RecordForm } from "@/components/admin/record-form";
import { Field } from "@/components/ui/field";
import type { PortalSettings } from "@/lib/tenancy/settings";
import { savePortalSettingsAction } from "./actions";

export function PortalSettingsForm({ workspace, settings, canEdit, appHost }: { workspace: string; settings: PortalSettings; canEdit: boolean; appHost: string }) {
  return (
    <RecordForm action={savePortalSettingsAction} hidden={{ workspace }} disabled={!canEdit} submitLabel="Save settings">
      {(f) => (
        <>
          <h2 className="text-base font-semibold">Branding</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field name="name" label="Portal name" required defaultValue={f.value("name", settings.name)} error={f.error("name")} />
            <Field name="slug" label="Portal address" required defaultValue={f.value("slug", settings.slug)} error={f.error("slug")} hint={`${appHost}/p/…; changing it breaks old bookmarks (links already sent keep working only at the new address).`} />
            <Field name="logoUrl" label="Logo URL" type="url" defaultValue={f.value("logoUrl", settings.logoUrl)} error={f.error("logoUrl")} hint="An https:// image, shown on the portal and in emails." />
            <Field name="accentColor" label="Accent colour" defaultValue={f.value("accentColor", settings.accentColor)} error={f.error("accentColor")} hint="A hex colour such as #4f46e5." />
          </div>
          <h2 className="pt-2 text-base font-semibold">Links</h2>
          <Field
            name="magicLinkHours"
            label="Magic link lifetime (hours)"
            type="number"
            min={1}
            max={720}
            defaultValue={f.value("magicLinkHours", String(settings.magicLinkHours))}
            error={f.error("magicLinkHours")}
            hint="1 hour to 30 days (720 hours); default 7 days. Login links last 24 hours, set-password links 7 days, reset links 2 hours, codes 10 minutes."
          />
          <h2 className="pt-2 text-base font-semibold">Email sender</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field name="senderName" label="Sender name" defaultValue={f.value("senderName", settings.senderName)} error={f.error("senderName")} hint="Empty: the portal name." />
            <Field name="replyTo" label="Reply-to address" type="email" defaultValue={f.value("replyTo", settings.replyTo)} error={f.error("replyTo")} />
          </div>
          <h2 className="pt-2 text-base font-semibold">Custom domain</h2>
          <Field
            name="customDomain"
            label="Custom domain"
            defaultValue={f.value("customDomain", settings.customDomain)}
            error={f.error("customDomain")}
            placeholder="learn.example.com"
            hint={`Once saved and verified (below), requests to this host serve this portal at “/”. A new domain must be verified again.`}
          />
        </>
      )}
    </RecordForm>
  );
}
