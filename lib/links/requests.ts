/**
 * What a learner asks for from the login pages: a login link, a code, a reset link.
 * The answer is the same for every email (SPEC §3 rule 8): the route checks the rate limits
 * (counted for known and unknown emails alike), answers, and only then, after the response,
 * looks the contact up and sends. Known and unknown emails therefore cost the same to answer.
 */
import { firstRun } from "@/lib/jobs/receipts";
import { db } from "@/db/client";
import type { Workspace } from "@/db/schema";
import { hasLiveAccess } from "@/lib/access/live-access";
import { findContactByEmail } from "@/lib/contacts/record";
import { consume, emailKey, ipKey, LIMITS, type Throttle } from "@/lib/auth/rate-limit";
import type { RequestInfo } from "@/lib/context";
import { isEmailOn } from "@/lib/mail/email-settings";
import { wakeOutbox } from "@/lib/mail/outbox";
import { queueCodeEmail, queuePasswordEmail, queueSignInEmail } from "./send";

export type EmailRequestKind = "link" | "code" | "reset";

export async function throttleEmailRequest(workspace: Workspace, email: string, request: RequestInfo): Promise<Throttle> {
  return consume([LIMITS.sendPerEmail, emailKey(workspace.id, email)], [LIMITS.sendPerIp, ipKey(request)]);
}

/** Sends what was asked for if the email belongs to a contact with live access; otherwise nothing. */
export async function fulfilEmailRequest(input: { workspace: Workspace; email: string; kind: EmailRequestKind; request: RequestInfo; destination?: string | null; jobId?: string }): Promise<boolean> {
  const { workspace, kind, request, destination } = input;
  if (!isEmailOn(workspace, kind === "reset" ? "password_reset" : "login_link")) return false;
  const contact = await findContactByEmail({ workspaceId: workspace.id }, input.email);
  if (!contact || !(await hasLiveAccess(db, workspace.id, contact.id))) return false;
  const actor = { type: "anonymous" as const };
  const sent = await db.transaction(async (tx) => {
    // A job run again (its first run committed but could not be marked done) sends nothing twice.
    if (!(await firstRun(tx, input.jobId))) return false;
    if (kind === "link") await queueSignInEmail(tx, { workspace, contact, via: "login_page", withCode: true, actor, request, destination });
    else if (kind === "code") await queueCodeEmail(tx, { workspace, contact, via: "login_page", actor, request });
    else await queuePasswordEmail(tx, { workspace, contact, via: "forgot_password", actor, request, destination });
    return true;
  });
  if (sent) await wakeOutbox();
  return sent;
}
