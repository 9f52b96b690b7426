"use client";
import { Alert } from "@/components/ui/alert";
import type { ImportState, SkippedRows } from "./import-step";
import { plural } from "@/lib/utils";

type Preview = NonNullable<ImportState["preview"]>;
type Result = NonNullable<ImportState["result"]>;

/** The rows that are (or were) left out, by line and why. */
export function RowErrors({ rows, title, testId }: { rows: SkippedRows; title: string; testId: string }) {
  return (
    <div>
      <h3 className="text-sm font-semibold text-red-800">{title}</h3>
      <ul className="mt-2 max-h-64 overflow-y-auto rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid={testId}>
        {rows.errors.map((e) => <li key={e.line}>Line {e.line}: {e.value ? <span className="font-mono break-words">{e.value}</span> : null} — {e.error}</li>)}
        {rows.errorCount > rows.errors.length ? <li>…and {(rows.errorCount - rows.errors.length).toLocaleString("en")} more.</li> : null}
      </ul>
    </div>
  );
}

/** Before importing with an offer: who gets it, how many welcome emails that sends, and the choice not to send them. */
export function WelcomeChoice({ offer, welcome, onWelcome }: { offer: NonNullable<Preview["offer"]>; welcome: boolean; onWelcome: (on: boolean) => void }) {
  const still = offer.emailsWithoutWelcome
    ? ` ${plural(offer.emailsWithoutWelcome, "contact")} still ${offer.emailsWithoutWelcome === 1 ? "gets" : "get"} a set-password email: ${offer.emailsWithoutWelcome === 1 ? "a password was" : "passwords were"} set at checkout and ${offer.emailsWithoutWelcome === 1 ? "is" : "are"} not proven yet.`
    : "";
  if (offer.granted === 0) return <Alert data-testid="import-welcome">Everyone in the file already has {offer.title}: nobody is granted it again, and no welcome email is sent.</Alert>;
  if (offer.welcomeOff) {
    return (
      <Alert data-testid="import-welcome">
        {plural(offer.granted, "contact")} will get {offer.title}. The welcome email is turned off for this workspace (Emails → System emails), so none is sent.{still}
      </Alert>
    );
  }
  return (
    <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-testid="import-welcome">
      <p>
        <strong>Importing sends {plural(offer.emails, "welcome email")}</strong>: each of the {plural(offer.granted, "contact")} who will get {offer.title} is emailed at once, with a link to set a password (or to sign in, for those who have one).
      </p>
      <label className="flex items-start gap-2">
        <input type="checkbox" checked={welcome} onChange={(e) => onWelcome(e.target.checked)} className="mt-0.5 size-4 accent-accent" />
        <span>Send the welcome emails</span>
      </label>
      {welcome ? null : <p>No welcome emails: they get access without being told. You can send one later from a contact&apos;s record (Offers → Resend).{still}</p>}
    </div>
  );
}

/** What the import did, and the rows it left out (kept here: the preview is gone once it has run). */
export function ImportResultView({ result, skippedRows }: { result: Result; skippedRows?: SkippedRows }) {
  const emails = result.welcome === false
    ? `no welcome emails, as chosen${result.emailed ? `; ${plural(result.emailed, "set-password email")} still sent for passwords set at checkout` : ""}`
    : `${result.emailed} welcome emails queued`;
  return (
    <div className="space-y-4">
      <Alert tone="success" data-testid="import-result">
        Imported: {result.created} new, {result.updated} updated{result.granted ? `, ${result.granted} granted the offer (${emails})` : ""}.
        {result.skipped ? ` ${plural(result.skipped, "row")} skipped: listed below. Fix them in the file and import it again (contacts already imported are only updated).` : ""}
      </Alert>
      {skippedRows ? <RowErrors rows={skippedRows} title="Rows not imported" testId="import-skipped" /> : null}
    </div>
  );
}
