/**
 * For the db:move and backup tests: a real embedded installation in a data folder of its own,
 * filled through the app's own functions, the scripts run as an operator runs them (a child
 * process with that DATA_DIR), and a digest of every table to compare two databases by.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { dbHandle, openPglite, setDbHandle, db } from "@/db/client";
import { migrate } from "@/db/migrate";
import { events } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { learnerSessionCookie } from "@/lib/auth/learner-session";
import { authSecret } from "@/lib/env";
import { getBoss, QUEUES, stopBoss } from "@/lib/jobs/boss";
import { queueSignInEmail } from "@/lib/links/send";
import { makeContact, makeWorkspace, request, secretOf } from "@/test/fixtures";
import { tablesIn, type Side } from "@/scripts/db-catalog";
import { openEmbedded } from "@/scripts/db-pglite";

export const PASSWORD = "quiet harbor lanterns 42";

/**
 * An installation in `dataDir` as a server would leave it: migrated, a workspace, a learner
 * with a password, a sign-in link (auth token, sealed email in the outbox, audit entries), an
 * event (a sequence in use), a queued pg-boss job, and the AUTH_SECRET this process uses kept
 * as the installation's generated secret.
 */
export async function buildInstallation(dataDir: string) {
  const previous = dbHandle();
  const pg = openEmbedded(path.join(dataDir, "pglite"));
  const handle = openPglite(pg);
  setDbHandle(handle);
  try {
    await migrate(handle);
    const ws = await makeWorkspace();
    const contact = await makeContact(ws, { password: PASSWORD });
    await makeContact(ws, { access: false });
    const boss = await getBoss("client");
    await boss.send(QUEUES.outbox, { from: "db-move test" });
    const link = await db.transaction((tx) => queueSignInEmail(tx, { workspace: ws, contact, via: "login_page" }));
    await recordAudit(db, { workspaceId: ws.id, actor: { type: "system" }, action: "test.installation_built", contactId: contact.id, request });
    await db.insert(events).values({ workspaceId: ws.id, type: "test_event", contactId: contact.id, data: { n: 1 } });
    const cookie = await learnerSessionCookie(contact);
    fs.writeFileSync(path.join(dataDir, "auth-secret"), authSecret(), { mode: 0o600 });
    return { ws, contact, linkSecret: secretOf(link.url), linkUrl: link.url, cookie: cookie.value, secret: authSecret() };
  } finally {
    await stopBoss();
    await pg.close();
    setDbHandle(previous);
  }
}

export type Run = { code: number | null; stdout: string; stderr: string };

/** `npx tsx scripts/<script> …` from the project folder, with DATA_DIR and neither AUTH_SECRET nor DATABASE_URL. */
export function runScript(script: string, args: string[], dataDir: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.AUTH_SECRET;
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", `scripts/${script}`, ...args], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Rows and an md5 of every row's text, per table of the app (public, drizzle, pgboss), in one session setting. */
export async function digest(side: Side): Promise<Record<string, string>> {
  for (const s of ["set timezone = 'UTC'", "set datestyle = 'ISO, YMD'", "set extra_float_digits = 3", "set intervalstyle = 'postgres'"]) await side.rows(s);
  const out: Record<string, string> = {};
  for (const t of await tablesIn(side, ["public", "drizzle", "pgboss"])) {
    const [r] = await side.rows<{ n: string; h: string }>(`select count(*)::text as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as h from ${t.ident} t`);
    out[t.key] = `${r!.n} ${r!.h}`;
  }
  return out;
}
