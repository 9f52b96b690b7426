"use client";
import { ActionForm } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { CopyField } from "@/components/ui/copy-field";
import { LocalTime } from "@/components/ui/local-time";
import { SubmitButton } from "@/components/ui/submit-button";
import { verifyCustomDomainAction } from "./actions";

/** The saved custom domain's state: the DNS records to add, and "Verify" (admins and owners). */
export function CustomDomainPanel({ workspace, domain, record, verifiedAt, appHost, canEdit }: {
  workspace: string;
  domain: string;
  record: { name: string; value: string };
  /** When it was verified (ISO), or null while unverified. */
  verifiedAt: string | null;
  appHost: string;
  canEdit: boolean;
}) {
  return (
    <section aria-labelledby="custom-domain-title" className="space-y-4">
      <h2 id="custom-domain-title" className="text-base font-semibold">
        {domain}
      </h2>
      {verifiedAt ? (
        <Alert tone="success">Verified at <LocalTime at={verifiedAt} />: this domain serves the portal.</Alert>
      ) : (
        <Alert>Not verified yet: until it is, {domain} answers “not found”.</Alert>
      )}
      <p className="text-sm text-zinc-600">
        At the domain&apos;s DNS provider, point a CNAME from {domain} to {appHost}, and add this TXT record to prove the domain is yours. Keep the TXT record: verifying again
        looks it up once more.
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <CopyField label="TXT record name" value={record.name} testId="domain-record-name" />
        <CopyField label="TXT record value" value={record.value} testId="domain-record-value" />
      </div>
      {canEdit ? (
        <ActionForm action={verifyCustomDomainAction} hidden={{ workspace }} inline>
          <SubmitButton variant="secondary" pendingText="Looking up the record…">
            {verifiedAt ? "Verify again" : "Verify"}
          </SubmitButton>
        </ActionForm>
      ) : null}
    </section>
  );
}
