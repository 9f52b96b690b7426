"use server";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { checkout, checkoutSchema, dashboardLink } from "@/lib/access/checkout";
import { receiptCookie, receiptCookieName } from "@/lib/access/checkout-receipt";
import { getOfferBySlug } from "@/lib/access/offers";
import { action, formAction } from "@/lib/actions";
import { formatDuration } from "@/lib/mail/format";
import { requestInfoFrom } from "@/lib/request-info";
import { slugSchema } from "@/lib/slug";
import { getWorkspaceBySlug } from "@/lib/tenancy/workspaces";

const target = z.object({ workspace: slugSchema, offer: slugSchema });

async function offerOf(data: z.infer<typeof target>) {
  const workspace = await getWorkspaceBySlug(data.workspace);
  const offer = workspace ? await getOfferBySlug(workspace.id, data.offer) : undefined;
  if (!workspace || !offer || offer.status !== "published") notFound();
  return { workspace, offer };
}

export const checkoutAction = action(target.extend(checkoutSchema.shape), async (data, { request }) => {
  const { workspace, offer } = await offerOf(data);
  const result = await checkout({ workspace, offer, name: data.name, email: data.email, ref: data.ref || undefined, request });
  if (!result.ok) return { error: `Too many requests for this address. Try again in ${formatDuration(result.retryAt.getTime() - Date.now())}.` };
  // Set for every checkout alike: whether the address was new shows nowhere (lib/access/checkout-receipt.ts).
  const cookie = await receiptCookie(workspace.slug, result.receipt);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  redirect(`/p/${workspace.slug}/checkout/${offer.slug}/thanks`);
});

/** "View Dashboard": straight to set-password only under SPEC §3's rule, otherwise "check your email". */
export const viewDashboardAction = formAction(async (form) => {
  const data = target.safeParse(Object.fromEntries(form));
  if (!data.success) notFound();
  const { workspace, offer } = await offerOf(data.data);
  const request = requestInfoFrom(await headers());
  const jar = await cookies();
  const name = receiptCookieName(workspace.slug);
  const link = await dashboardLink(workspace, jar.get(name)?.value, request);
  jar.delete({ name, path: `/p/${workspace.slug}` });
  redirect(link ?? `/p/${workspace.slug}/checkout/${offer.slug}/thanks?check=email`);
});
