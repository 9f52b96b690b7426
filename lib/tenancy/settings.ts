/**
 * Settings → Portal (SPEC §2, §6): name, address (slug), branding, the learner magic link's
 * lifetime (SPEC §3: 1 hour – 30 days), sender name and reply-to, custom domain (a new domain
 * gets a new verification token and serves nothing until verified: lib/tenancy/domain-verify.ts).
 */
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { workspaces, type Workspace } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx, SaveResult } from "@/lib/context";
import { appUrl } from "@/lib/env";
import { MAGIC_LINK_HOURS } from "@/lib/links/policy";
import { slugSchema } from "@/lib/slug";
import { newDomainToken } from "./domain-verify";

const optional = <T extends z.ZodType<string>>(s: T) => z.union([z.literal(""), s]);

/** A bare host name such as learn.example.com (no scheme, port or path). */
export const hostnameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "Enter a host name such as learn.example.com (no https://, no path).")
  .refine((h) => h !== new URL(appUrl).hostname, "That is Portico's own address; use a domain of the business.");

/**
 * The logo's address: https only (the portal and email apps block or flag an http:// image on
 * a secure page), or empty. One message per case; a union with "" would only say "Invalid input".
 */
export const logoUrlSchema = z
  .string()
  .trim()
  .max(2000, "That address is too long (2,000 characters at most).")
  .superRefine((v, ctx) => {
    if (!v) return;
    if (/^http:\/\//i.test(v)) ctx.addIssue({ code: "custom", message: "Use an https:// address: browsers and email apps block images from http:// on secure pages." });
    else if (!z.url({ protocol: /^https$/ }).safeParse(v).success) ctx.addIssue({ code: "custom", message: "Enter an https:// image address, or leave it empty." });
  });

export const portalSettingsSchema = z.object({
  name: z.string().trim().min(1, "Enter the portal's name.").max(80, "At most 80 characters."),
  slug: slugSchema,
  logoUrl: logoUrlSchema,
  accentColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #4f46e5."),
  magicLinkHours: z.coerce
    .number({ message: "Enter a number of hours." })
    .int("Whole hours only.")
    .min(MAGIC_LINK_HOURS.min, `At least ${MAGIC_LINK_HOURS.min} hour.`)
    .max(MAGIC_LINK_HOURS.max, `At most ${MAGIC_LINK_HOURS.max} hours (30 days).`),
  senderName: z.string().trim().max(80, "At most 80 characters."),
  replyTo: optional(z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address, or leave it empty."))),
  customDomain: optional(hostnameSchema),
});
export type PortalSettings = z.infer<typeof portalSettingsSchema>;

export const settingsOf = (w: Workspace): PortalSettings => ({
  name: w.name,
  slug: w.slug,
  logoUrl: w.logoUrl ?? "",
  accentColor: w.accentColor,
  magicLinkHours: w.settings?.magicLinkHours ?? MAGIC_LINK_HOURS.default,
  senderName: w.senderName ?? "",
  replyTo: w.replyTo ?? "",
  customDomain: w.customDomain ?? "",
});

export async function savePortalSettings(ctx: Ctx, input: PortalSettings): Promise<SaveResult & { slug?: string }> {
  const { workspace } = ctx;
  // A domain blocks others only once verified: an unproven entry must not lock out the domain's owner.
  const taken = await db
    .select({ slug: workspaces.slug, domain: workspaces.customDomain, verifiedAt: workspaces.customDomainVerifiedAt })
    .from(workspaces)
    .where(
      and(
        ne(workspaces.id, workspace.id),
        sql`(${workspaces.slug} = ${input.slug} or (${input.customDomain} <> '' and lower(${workspaces.customDomain}) = ${input.customDomain} and ${workspaces.customDomainVerifiedAt} is not null))`,
      ),
    );
  const fieldErrors: Record<string, string> = {};
  if (taken.some((t) => t.slug === input.slug)) fieldErrors.slug = "That portal address is already taken; choose another.";
  if (input.customDomain && taken.some((t) => t.verifiedAt && t.domain?.toLowerCase() === input.customDomain)) fieldErrors.customDomain = "Another workspace already uses that domain.";
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  const before = settingsOf(workspace);
  const domain = input.customDomain || null;
  const domainChanged = domain !== (workspace.customDomain?.toLowerCase() ?? null);
  await db.transaction(async (tx) => {
    await tx
      .update(workspaces)
      .set({
        name: input.name,
        slug: input.slug,
        logoUrl: input.logoUrl || null,
        accentColor: input.accentColor.toLowerCase(),
        senderName: input.senderName || null,
        replyTo: input.replyTo || null,
        ...(domainChanged ? { customDomain: domain, customDomainToken: domain ? newDomainToken() : null, customDomainVerifiedAt: null } : {}),
        settings: sql`${workspaces.settings} || ${JSON.stringify({ magicLinkHours: input.magicLinkHours })}::jsonb`,
        updatedAt: new Date(),
      })
      .where(eq(workspaces.id, workspace.id));
    const changed = Object.keys(input).filter((k) => String(before[k as keyof PortalSettings]) !== String(input[k as keyof PortalSettings]));
    await recordAudit(tx, { workspaceId: workspace.id, actor: ctx.actor, request: ctx.request, action: "settings.portal_changed", data: { changed } });
  });
  return { ok: true, id: workspace.id, slug: input.slug };
}
