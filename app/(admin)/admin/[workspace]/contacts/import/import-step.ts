/**
 * One step of the contacts CSV import form, for an admin of the workspace: "preview" reads the
 * file and shows its first rows, every row error and, with an offer, how many welcome emails
 * the import would send; "import" writes the valid rows (with the welcome emails unless
 * `welcome=off`) and answers with what it did and, again, the rows it skipped. What it returns
 * is what the form shows. The upload route (upload/route.ts) authorizes and reads the request
 * first.
 */
import { getOffer } from "@/lib/access/offers";
import type { Ctx } from "@/lib/context";
import { ImportFileError, importContacts, parseContactsCsv, planImportGrant, type GrantPlan, type ImportResult, type RowError } from "@/lib/contacts/import";

const SHOWN_ERRORS = 200;

/** The rows left out, by line and why: the first 200 of `errorCount`. */
export type SkippedRows = { errors: RowError[]; errorCount: number };

export type ImportState = {
  error?: string;
  preview?: { columns: string[]; rows: string[][]; valid: number; offer?: { title: string } & GrantPlan } & SkippedRows;
  result?: ImportResult & { offerTitle?: string; welcome?: boolean };
  /** With the result: the rows that were not imported, so it can say which. */
  skippedRows?: SkippedRows;
};

export async function runImportStep(ctx: Ctx, form: FormData): Promise<ImportState> {
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: "Choose a CSV file first." };
  let parsed;
  try {
    parsed = parseContactsCsv(await file.text());
  } catch (err) {
    if (err instanceof ImportFileError) return { error: err.message };
    throw err;
  }
  const offerId = String(form.get("offerId") ?? "");
  const offer = offerId ? await getOffer(ctx.workspace.id, offerId) : undefined;
  if (offerId && !offer) return { error: "That offer does not exist in this workspace." };
  const skipped: SkippedRows = { errors: parsed.errors.slice(0, SHOWN_ERRORS), errorCount: parsed.errors.length };
  if (form.get("mode") !== "import") {
    return {
      preview: {
        columns: ["Line", "Email", "First name", "Last name", "Tags", "Phone"],
        rows: parsed.rows.slice(0, 5).map((r) => [String(r.line), r.email, r.firstName ?? "", r.lastName ?? "", (r.tags ?? []).join(", "), r.phone ?? ""]),
        valid: parsed.rows.length,
        ...skipped,
        offer: offer ? { title: offer.title, ...(await planImportGrant(ctx, { parsed, offer })) } : undefined,
      },
    };
  }
  if (parsed.rows.length === 0) return { error: "No valid rows to import." };
  const welcome = form.get("welcome") !== "off";
  const result = await importContacts(ctx, { parsed, offer, welcome });
  return { result: { ...result, offerTitle: offer?.title, welcome: offer ? welcome : undefined }, skippedRows: skipped.errorCount ? skipped : undefined };
}
