"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adminAction, adminCtx, type AdminActionCtx } from "@/lib/actions";
import { verifyCustomDomain } from "@/lib/tenancy/domain-verify";
import { portalSettingsSchema, savePortalSettings } from "@/lib/tenancy/settings";
import { changeRole, inviteTeamMember, removeTeamMember, teamInviteSchema } from "@/lib/tenancy/team";
import { slugSchema } from "@/lib/slug";

const withRole = (ctx: AdminActionCtx) => ({ ...adminCtx(ctx), role: ctx.role });

export const savePortalSettingsAction = adminAction(
  portalSettingsSchema.extend({ workspace: slugSchema }),
  async (data, ctx) => {
    const { workspace: _, ...input } = data; // eslint-disable-line @typescript-eslint/no-unused-vars
    const result = await savePortalSettings(adminCtx(ctx), input);
    if (!result.ok) return { error: "Please correct the highlighted fields.", fieldErrors: result.fieldErrors };
    revalidatePath("/admin", "layout");
    if (result.slug !== ctx.workspace.slug) redirect(`/admin/${result.slug}/settings?saved=1`);
    return { ok: true, message: "Settings saved." };
  },
  { role: "admin" },
);

/** "Verify" beside the custom domain: looks its TXT record up now. */
export const verifyCustomDomainAction = adminAction(
  z.object({ workspace: slugSchema }),
  async (_data, ctx) => {
    const result = await verifyCustomDomain(adminCtx(ctx));
    if (!result.ok) return { error: result.error };
    revalidatePath(`/admin/${ctx.workspace.slug}/settings`);
    return { ok: true, message: result.message };
  },
  { role: "admin" },
);

export const inviteTeamMemberAction = adminAction(
  teamInviteSchema.extend({ workspace: slugSchema }),
  async (data, ctx) => {
    const result = await inviteTeamMember(withRole(ctx), data);
    if (!result.ok) return { error: result.error };
    revalidatePath(`/admin/${ctx.workspace.slug}/settings/team`);
    return { ok: true, message: result.message };
  },
  { role: "admin" },
);

export const changeRoleAction = adminAction(
  z.object({ workspace: slugSchema, memberId: z.string(), role: z.enum(["owner", "admin", "member"]) }),
  async (data, ctx) => {
    const result = await changeRole(withRole(ctx), { memberId: data.memberId, role: data.role });
    if (!result.ok) return { error: result.error };
    revalidatePath(`/admin/${ctx.workspace.slug}/settings/team`);
    return { ok: true, message: result.message };
  },
  { role: "admin" },
);

export const removeTeamMemberAction = adminAction(
  z.object({ workspace: slugSchema, memberId: z.string() }),
  async (data, ctx) => {
    const result = await removeTeamMember(withRole(ctx), data.memberId);
    if (!result.ok) return { error: result.error };
    revalidatePath(`/admin/${ctx.workspace.slug}/settings/team`);
    if (data.memberId === ctx.admin.id) redirect("/admin");
    return { ok: true, message: result.message };
  },
  { role: "admin" },
);
