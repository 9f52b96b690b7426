import { sendLoginEmails } from "@/lib/api/access";
import { apiRoute, json, parseBody } from "@/lib/api/http";
import { accessOps } from "@/lib/api/ops/access";
import { loginEmailsBody } from "@/lib/api/schemas";

export const POST = apiRoute(accessOps.sendLoginEmails, async (req, ctx) => json(await sendLoginEmails(ctx, (await parseBody(req, loginEmailsBody)).contact_ids)));
