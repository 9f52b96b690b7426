import type { Workspace } from "@/db/schema";

/** Who is acting: recorded on audit entries and used for authorization. */
export type Actor =
  | { type: "admin"; id: string }
  | { type: "learner"; id: string }
  | { type: "api_key"; id: string }
  | { type: "system"; id?: string }
  | { type: "anonymous"; id?: undefined };

/** Where a request came from, for audit entries and rate limits. */
export type RequestInfo = { ip?: string | null; userAgent?: string | null };

/** The outcome of a create/edit form's save: the record's id, or what to fix, by field. */
export type SaveResult = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string> };

/** What a domain function needs to act for someone: the authorized workspace, who, and from where. */
export type Ctx = { workspace: Workspace; actor: Actor; request: RequestInfo };
