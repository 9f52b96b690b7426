/** Requests to the cluster's proxy as a browser would send them (no redirects followed), and seeding over SQL. */
import { sql } from "drizzle-orm";
import http from "node:http";
import { rowsOf, type Db } from "@/db/client";
import { authTokens, workspaces, type Workspace } from "@/db/schema";
import { hashSecret, newSecret } from "@/lib/links/secret";

export type Answer = { status: number; location?: string; cookies: string[]; body: string; upstream: number; error?: string };

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function send(
  base: string,
  opts: { path: string; method?: string; body?: string | Buffer; contentType?: string; cookie?: string; client?: string; target?: number; origin?: boolean; timeoutMs?: number },
): Promise<Answer> {
  const url = new URL(opts.path, base);
  const headers: Record<string, string> = { "user-agent": "cluster-test" };
  if (opts.body !== undefined) headers["content-type"] = opts.contentType ?? "application/x-www-form-urlencoded";
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.client) headers["x-cluster-client"] = opts.client;
  if (opts.target !== undefined) headers["x-cluster-target"] = String(opts.target);
  // A browser's form post names the page's origin: the URL it used (APP_URL, the proxy's).
  if (opts.origin ?? opts.body !== undefined) headers.origin = new URL(base).origin;
  return new Promise((resolve) => {
    const req = http.request(url, { method: opts.method ?? (opts.body === undefined ? "GET" : "POST"), headers, agent, timeout: opts.timeoutMs ?? 30_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          cookies: res.headers["set-cookie"] ?? [],
          body,
          upstream: Number(res.headers["x-cluster-upstream"] ?? -1),
          error: res.headers["x-cluster-error"] as string | undefined,
        }),
      );
      res.on("error", (err) => resolve({ status: 0, cookies: [], body: "", upstream: -1, error: err.message }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (err) => resolve({ status: 0, cookies: [], body: "", upstream: -1, error: err.message }));
    req.end(opts.body);
  });
}

/** `name=value` of the cookie set by an answer. */
export const cookieOf = (a: Answer, name: string) => a.cookies.map((c) => c.split(";")[0]!).find((c) => c.startsWith(`${name}=`));

/** A multipart body, as a browser posts a form without JavaScript. */
export function multipart(fields: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = `----cluster${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A workspace with one published offer and `n` contacts `<prefix><i>@cluster.test` holding it. */
export async function seedWorkspace(db: Db, slug: string, n: number, prefix = "learner"): Promise<{ workspace: Workspace; ids: string[] }> {
  const [ws] = await db.insert(workspaces).values({ slug, name: `Cluster ${slug}`, senderName: "Cluster Academy" }).returning();
  const w = ws!.id;
  await rowsOf(db, sql`insert into offers (workspace_id, title, slug, status) values (${w}, 'All access', 'all', 'published')`);
  await addContacts(db, w, n, prefix);
  const ids = (await rowsOf<{ id: string }>(db, sql`select id from contacts where workspace_id = ${w} order by email`)).map((r) => r.id);
  return { workspace: ws!, ids };
}

export async function addContacts(db: Db, workspaceId: string, n: number, prefix: string): Promise<void> {
  await rowsOf(db, sql`insert into contacts (workspace_id, email, first_name, portal_status) select ${workspaceId}, ${prefix} || g || '@cluster.test', 'L' || g, 'invited' from generate_series(1, ${n}) g`);
  await rowsOf(
    db,
    sql`insert into offer_grants (workspace_id, contact_id, offer_id, source) select ${workspaceId}, c.id, o.id, 'admin' from contacts c, offers o
      where c.workspace_id = ${workspaceId} and o.workspace_id = ${workspaceId} and c.email like ${prefix + "%"}`,
  );
}

/** One-time login links (as an admin's send would issue), one per contact; returns their secrets. */
export async function issueLinks(db: Db, workspaceId: string, contactIds: string[]): Promise<string[]> {
  const secrets: string[] = [];
  for (let i = 0; i < contactIds.length; i += 1000) {
    const rows = contactIds.slice(i, i + 1000).map((contactId) => {
      const secret = newSecret();
      secrets.push(secret);
      return { kind: "login_link" as const, workspaceId, contactId, tokenHash: hashSecret(secret), issuedVia: "admin_send", expiresAt: new Date(Date.now() + 86_400_000) };
    });
    await db.insert(authTokens).values(rows);
  }
  return secrets;
}

export async function until(what: string, check: () => Promise<boolean> | boolean, ms: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
