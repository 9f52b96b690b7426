/**
 * One step of the contacts CSV import form, for an admin of the workspace: "preview" reads the
 * file and shows its first rows and every row error; "import" writes the valid rows. What it
 * returns is what the form shows. The upload route (upload/route.ts) authorizes and reads the
 * request first.
 */
import { getOffer } from "@/lib/access/offers";
import type { Ctx } from "@/lib/context";
import { ImportFileError, importContacts, parseContactsCsv, type ImportResult, type RowError } from "@/lib/contacts/import";

export type ImportState = {
  error?: string;
  preview?: { columns: string[]; rows: string[][]; valid: number; errors: RowError[]; errorCount: number };
  result?: ImportResult;
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
  if (form.get("mode") !== "import") {
    return {
      preview: {
        columns: ["Line", "Email", "First name", "Last name", "Tags", "Phone"],
        rows: parsed.rows.slice(0, 5).map((r) => [String(r.line), r.email, r.firstName ?? "", r.lastName ?? "", (r.tags ?? []).join(", "), r.phone ?? ""]),
        valid: parsed.rows.length,
        errors: parsed.errors.slice(0, 200),
        errorCount: parsed.errors.length,
      },
    };
  }
  if (parsed.rows.length === 0) return { error: "No valid rows to import." };
  return { result: await importContacts(ctx, { parsed, offer }) };
}
