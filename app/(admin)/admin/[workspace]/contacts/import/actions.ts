"use server";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { getOffer } from "@/lib/access/offers";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { ImportFileError, importContacts, parseContactsCsv, type ImportResult, type RowError } from "@/lib/contacts/import";
import { requestInfoFrom } from "@/lib/request-info";
import { roleAtLeast } from "@/lib/tenancy/workspaces";

export type ImportState = {
  error?: string;
  preview?: { columns: string[]; rows: string[][]; valid: number; errors: RowError[]; errorCount: number };
  result?: ImportResult;
};

const MAX_BYTES = 10 * 1024 * 1024;

/** Preview (mode=preview) or import (mode=import) an uploaded CSV; admin role. */
export async function importAction(_prev: ImportState, form: FormData): Promise<ImportState> {
  const { admin, workspace, role } = await requireWorkspaceAdmin(String(form.get("workspace") ?? ""));
  if (!roleAtLeast(role, "admin")) return { error: "Only a workspace admin or owner can import contacts." };
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { error: "Choose a CSV file first." };
  if (file.size > MAX_BYTES) return { error: "The file is larger than 10 MB; split it into smaller files." };
  let parsed;
  try {
    parsed = parseContactsCsv(await file.text());
  } catch (err) {
    if (err instanceof ImportFileError) return { error: err.message };
    throw err;
  }
  const offerId = String(form.get("offerId") ?? "");
  const offer = offerId ? await getOffer(workspace.id, offerId) : undefined;
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
  const ctx = { workspace, actor: { type: "admin" as const, id: admin.id }, request: requestInfoFrom(await headers()) };
  const result = await importContacts(ctx, { parsed, offer });
  revalidatePath(`/admin/${workspace.slug}/contacts`);
  return { result };
}
