/**
 * The contacts CSV import's upload: POST multipart (file, offerId, mode = preview | import),
 * answered with the import form's state as JSON. A route handler, not a server action, because
 * server actions take at most 1 MB (next.config.ts) and a contacts file may be up to 10 MB.
 * The same rules as the dashboard's actions: sent from the app itself, by a signed-in admin
 * with the admin role in this workspace (a workspace they are not in is a 404), and the body
 * is counted as it streams in and refused past 10 MB with a 413.
 */
import { revalidatePath } from "next/cache";
import { NextResponse } from "next/server";
import { currentAdmin } from "@/lib/auth/session";
import { crossSite } from "@/lib/http/responses";
import { requestInfoFrom } from "@/lib/request-info";
import { getMembership, roleAtLeast } from "@/lib/tenancy/workspaces";
import { runImportStep, type ImportState } from "../import-step";
import { MAX_UPLOAD_BYTES, TOO_LARGE } from "./limits";
import { readFormWithin } from "./read-form";

const answer = (state: ImportState, status = 200) => NextResponse.json(state, { status, headers: { "cache-control": "no-store" } });

export async function POST(request: Request, { params }: { params: Promise<{ workspace: string }> }) {
  if (crossSite(request)) return answer({ error: "This upload must be sent from the dashboard itself." }, 403);
  const admin = await currentAdmin();
  if (!admin) return answer({ error: "You are signed out. Sign in again, then choose the file again." }, 401);
  const membership = await getMembership(admin.id, (await params).workspace);
  if (!membership) return answer({ error: "Not found." }, 404);
  if (!roleAtLeast(membership.role, "admin")) return answer({ error: "Only a workspace admin or owner can import contacts." }, 403);

  const form = await readFormWithin(request, MAX_UPLOAD_BYTES);
  if (form === "too_large") return answer({ error: TOO_LARGE }, 413);
  if (!form) return answer({ error: "The upload could not be read. Choose the file again." }, 400);

  const { workspace } = membership;
  const state = await runImportStep({ workspace, actor: { type: "admin", id: admin.id }, request: requestInfoFrom(request.headers) }, form);
  if (state.result) revalidatePath(`/admin/${workspace.slug}/contacts`);
  return answer(state, state.error ? 422 : 200);
}
