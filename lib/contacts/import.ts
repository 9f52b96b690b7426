/**
 * CSV import of contacts (SPEC §4 path 5): parse and check every row first (the preview
 * shows the first rows and every error, and with an offer how many welcome emails the import
 * sends: planImportGrant), then upsert in chunks of 500, each chunk one transaction that also
 * grants the chosen offer (source `import`) with its events and welcome emails. The admin may
 * import without welcome emails: the grants are then made as with the welcome email turned off
 * (an unproven password's owner still gets the setup email, SPEC §3). 10,000 rows take a few
 * seconds (bench: npm run bench:import).
 */
import { parse } from "csv-parse/sync";
import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { contacts, type Offer } from "@/db/schema";
import { grantOffer } from "@/lib/access/grant-offer";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { isEmailOn } from "@/lib/mail/email-settings";
import { wakeOutbox } from "@/lib/mail/outbox";
import { normalizePhone } from "@/lib/sms/phone";
import { emailSchema } from "@/lib/slug";
import { upsertContacts, type ContactFields } from "./upsert";

export const MAX_IMPORT_ROWS = 50_000;
const CHUNK = 500;

export type ImportRow = ContactFields & { line: number; email: string };
export type RowError = { line: number; value: string; error: string };
export type ParsedImport = { rows: ImportRow[]; errors: RowError[]; columns: string[] };

const ALIASES: Record<string, keyof ContactFields> = {
  email: "email", emailaddress: "email", mail: "email",
  firstname: "firstName", first: "firstName", givenname: "firstName",
  lastname: "lastName", last: "lastName", surname: "lastName", familyname: "lastName",
  tags: "tags", tag: "tags",
  phone: "phone", phonenumber: "phone", mobile: "phone",
};
const canonical = (header: string) => ALIASES[header.toLowerCase().replace(/[^a-z]/g, "")];

export class ImportFileError extends Error {}

export function parseContactsCsv(text: string): ParsedImport {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as typeof records;
  } catch (err) {
    throw new ImportFileError(`This file is not valid CSV: ${(err as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new ImportFileError("The file is empty.");
  const fields = header.record.map(canonical);
  const at = (k: keyof ContactFields) => fields.indexOf(k);
  if (at("email") < 0) throw new ImportFileError("The first line must name the columns, including one called “email”.");
  if (body.length > MAX_IMPORT_ROWS) throw new ImportFileError(`At most ${MAX_IMPORT_ROWS.toLocaleString("en")} rows per file; split it and import the parts.`);
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  const cell = (r: string[], k: keyof ContactFields) => (at(k) >= 0 ? (r[at(k)] ?? "").trim() : "");
  body.forEach(({ record: r, info }) => {
    const line = info.lines;
    const raw = cell(r, "email");
    const email = emailSchema.safeParse(raw);
    if (!email.success) return void errors.push({ line, value: raw, error: raw ? "Not a valid email address" : "No email" });
    const first = seen.get(email.data);
    if (first) return void errors.push({ line, value: raw, error: `Duplicate of line ${first}` });
    const rawPhone = cell(r, "phone");
    const phone = rawPhone ? normalizePhone(rawPhone) : null;
    if (phone && !phone.ok) return void errors.push({ line, value: rawPhone, error: `Phone: ${phone.error}` });
    seen.set(email.data, line);
    rows.push({
      line,
      email: email.data,
      firstName: cell(r, "firstName").slice(0, 200),
      lastName: cell(r, "lastName").slice(0, 200),
      phone: phone?.e164 ?? null,
      tags: [...new Set(cell(r, "tags").split(/[,;|]/).map((t) => t.trim().toLowerCase()).filter(Boolean))].slice(0, 50),
    });
  });
  return { rows, errors, columns: header.record };
}

export type ImportResult = { created: number; updated: number; granted: number; emailed: number; skipped: number };

/**
 * What granting `offer` to the valid rows would send: how many contacts get it (not those who
 * hold it already), how many welcome emails go out, and how many still would without them.
 */
export type GrantPlan = { granted: number; emails: number; emailsWithoutWelcome: number; welcomeOff: boolean };

export async function planImportGrant(ctx: Ctx, input: { parsed: ParsedImport; offer: Offer }): Promise<GrantPlan> {
  const { workspace } = ctx;
  const emails = input.parsed.rows.map((r) => r.email);
  let holders = 0;
  let unproven = 0;
  for (let i = 0; i < emails.length; i += CHUNK * 10) {
    const existing = await db
      .select({
        // "contacts"."id" written out: in a select list Drizzle leaves a column unqualified, and inside the subquery "id" would be the grant's.
        holds: sql<boolean>`exists (select 1 from offer_grants g where g.contact_id = "contacts"."id" and g.offer_id = ${input.offer.id} and g.revoked_at is null)`,
        unproven: sql<boolean>`${contacts.passwordHash} is not null and ${contacts.passwordUnproven}`,
      })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspace.id), inArray(sql`lower(${contacts.email})`, emails.slice(i, i + CHUNK * 10))));
    for (const c of existing) {
      if (c.holds) holders++;
      else if (c.unproven) unproven++;
    }
  }
  const granted = emails.length - holders;
  const welcomeOff = !isEmailOn(workspace, "welcome");
  return { granted, emails: welcomeOff ? unproven : granted, emailsWithoutWelcome: unproven, welcomeOff };
}

export async function importContacts(ctx: Ctx, input: { parsed: ParsedImport; offer?: Offer; welcome?: boolean }): Promise<ImportResult> {
  const { workspace } = ctx;
  const { rows } = input.parsed;
  const result: ImportResult = { created: 0, updated: 0, granted: 0, emailed: 0, skipped: input.parsed.errors.length };
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.transaction(async (tx) => {
      const upserted = await upsertContacts(tx, workspace.id, rows.slice(i, i + CHUNK), { fillExisting: true });
      for (const u of upserted) result[u.created ? "created" : "updated"]++;
      if (input.offer) {
        const g = await grantOffer(tx, ctx, { contactIds: upserted.map((u) => u.contact.id), offer: input.offer, source: "import", welcome: input.welcome === false ? "as_off" : undefined });
        result.granted += g.granted.length;
        result.emailed += g.emailed;
      }
    });
    if (input.offer) await wakeOutbox();
  }
  await recordAudit(db, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "contacts.imported", data: { ...result, offerId: input.offer?.id ?? null, welcome: input.offer ? input.welcome !== false : null } });
  return result;
}
