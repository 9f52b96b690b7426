/**
 * The JSON shapes of /api/v1 (issue 16), as zod schemas: the OpenAPI document is generated from
 * them (lib/api/openapi.ts) and the writers below produce exactly them. Input fields reuse the
 * dashboard's field schemas (emailSchema, phoneField, the tag and name limits), so a value the
 * dashboard refuses is refused here with the same message.
 */
import { z } from "zod";
import { offerStatus, portalStatus } from "@/db/schema";
import { emailSchema } from "@/lib/slug";
import { phoneField } from "@/lib/sms/phone";

/** An ISO 8601 time with its offset, as every answer writes times. */
export const time = z.iso.datetime({ offset: true });
const nullableTime = time.nullable();

export const idParam = z.uuid();
export const tagSchema = z.string({ error: "Enter a tag." }).trim().min(1, "Enter a tag.").max(50, "Each tag is at most 50 characters.");
const name = z.string().trim().max(100, "At most 100 characters.");

export const contactOut = z
  .object({
    id: z.uuid(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    phone: z.string().nullable().describe("E.164, such as +14155550123"),
    tags: z.array(z.string()),
    portal_status: z.enum(portalStatus.enumValues),
    invited_at: nullableTime,
    first_login_at: nullableTime,
    last_login_at: nullableTime,
    created_at: time,
    updated_at: time,
  })
  .meta({ id: "Contact" });

export const contactFields = z.object({
  first_name: name.optional(),
  last_name: name.optional(),
  phone: phoneField().nullable().optional().describe("Any common format; stored in E.164. Empty or null removes it."),
  tags: z.array(tagSchema).max(100, "At most 100 tags.").optional().describe("Replaces the contact's tags."),
});
export const contactUpdateBody = contactFields.strict().meta({ id: "ContactUpdate" });
export const upsertQuery = z.object({ email: emailSchema });

export const tagsBody = z.object({ tags: z.array(tagSchema).min(1, "Name at least one tag.").max(100, "At most 100 tags.") }).strict();

export const page = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ data: z.array(item), next: z.string().nullable().describe("Pass as `after` for the next page; null on the last page.") }).meta({ id });

export const limitParam = z.coerce.number().int("limit must be a whole number").min(1, "limit is at least 1").max(100, "limit is at most 100").default(50);

export const offerOut = z
  .object({
    id: z.uuid(),
    title: z.string(),
    slug: z.string(),
    description: z.string(),
    status: z.enum(offerStatus.enumValues),
    price_cents: z.number().int(),
    currency: z.string(),
    product_ids: z.array(z.uuid()),
    created_at: time,
    updated_at: time,
  })
  .meta({ id: "Offer" });

export const productOut = z
  .object({ id: z.uuid(), title: z.string(), slug: z.string(), description: z.string(), published: z.boolean(), created_at: time, updated_at: time })
  .meta({ id: "Product" });

export const grantOut = z
  .object({
    id: z.uuid(),
    contact_id: z.uuid(),
    offer_id: z.uuid(),
    offer_title: z.string(),
    source: z.string(),
    granted_at: time,
    revoked_at: nullableTime,
    active: z.boolean(),
  })
  .meta({ id: "Grant" });

export const grantBody = z
  .object({
    offer_id: z.uuid("offer_id: an offer's id (GET /offers)"),
    send_welcome_email: z.boolean().default(true).describe("Queue the workspace's welcome email when the grant is new (as the dashboard does)."),
  })
  .strict();

export const grantResult = z.object({ grant: grantOut, created: z.boolean(), welcome_email_queued: z.boolean() }).meta({ id: "GrantResult" });
export const revokeResult = z.object({ revoked: z.literal(true), offer_id: z.uuid(), removed_product_ids: z.array(z.uuid()) }).meta({ id: "RevokeResult" });

export const groupOut = z.object({ id: z.uuid(), name: z.string(), slug: z.string(), description: z.string(), created_at: time }).meta({ id: "Group" });
export const memberBody = z.object({ contact_id: z.uuid("contact_id: a contact's id") }).strict();
export const membershipResult = z.object({ group_id: z.uuid(), contact_id: z.uuid(), member: z.boolean(), changed: z.boolean() }).meta({ id: "Membership" });

export const magicLinkBody = z
  .object({
    expires_in_hours: z.number().int("A whole number of hours.").optional().describe("Within the range the workspace allows (1 hour to 30 days); default: the workspace's magic-link lifetime."),
    destination: z.string().max(500).nullable().optional().describe("A path inside this workspace's portal, as in the dashboard (/p/<slug>/…) or a section: courses, communities, affiliate; default: the library."),
    send_email: z.boolean().default(false).describe("Also email the link to the contact."),
  })
  .strict();
export const magicLinkOut = z
  .object({ url: z.string().describe("Shown once: it signs the contact in. Not stored by Portico."), expires_at: time, destination: z.string(), emailed: z.boolean() })
  .meta({ id: "MagicLink" });

export const LOGIN_EMAILS_MAX = 100;
export const loginEmailsBody = z
  .object({ contact_ids: z.array(z.uuid("Each entry is a contact's id.")).min(1, "Name at least one contact.").max(LOGIN_EMAILS_MAX, `At most ${LOGIN_EMAILS_MAX} contacts per request.`) })
  .strict();
export const loginEmailsOut = z
  .object({
    results: z.array(
      z.object({
        contact_id: z.uuid(),
        status: z.enum(["queued", "not_found", "no_access", "suppressed"]),
        detail: z.string(),
      }),
    ),
  })
  .meta({ id: "LoginEmailResults" });

export const eventOut = z
  .object({ id: z.uuid(), seq: z.number().int(), type: z.string(), contact_id: z.uuid().nullable(), data: z.record(z.string(), z.unknown()), created_at: time })
  .meta({ id: "Event" });
