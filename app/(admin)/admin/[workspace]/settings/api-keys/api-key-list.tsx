import { StatusBadge } from "@/components/admin/status-badge";
import { LocalTime } from "@/components/ui/local-time";
import type { listApiKeys } from "@/lib/api/keys";
import { SCOPES } from "@/lib/api/scopes";
import { RevokeApiKeyForm } from "./api-key-forms";

type Key = Awaited<ReturnType<typeof listApiKeys>>[number];

const statusOf = (k: Key, now: Date) => (k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt <= now ? "expired" : "active");

function ScopeChip({ scope }: { scope: string }) {
  const description = (SCOPES as Record<string, string>)[scope];
  return (
    <li className="rounded-full bg-zinc-100 px-2 py-0.5 font-mono text-xs text-zinc-800 ring-1 ring-zinc-200 ring-inset" title={description}>
      {scope}
      {description ? <span className="sr-only">: {description}</span> : null}
    </li>
  );
}

/** The workspace's keys, newest first: only the prefix of each, never the key. */
export function ApiKeyList({ keys, workspace, canManage }: { keys: Key[]; workspace: string; canManage: boolean }) {
  const now = new Date();
  return (
    <ul className="mt-3 divide-y divide-zinc-100" data-testid="api-keys">
      {keys.map((k) => {
        const status = statusOf(k, now);
        return (
          <li key={k.id} className="flex flex-wrap items-start justify-between gap-3 px-6 py-4 text-sm">
            <div className="min-w-0 flex-1 space-y-1.5">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-medium break-all">{k.name}</span>
                <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs" data-testid="api-key-prefix">{k.prefix}…</code>
                <StatusBadge status={status} />
              </p>
              <ul className="flex flex-wrap gap-1" aria-label={`Scopes of ${k.name}`}>
                {k.scopes.map((s) => <ScopeChip key={s} scope={s} />)}
              </ul>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-zinc-600 sm:flex sm:flex-wrap sm:gap-x-5">
                <div className="contents sm:flex sm:gap-1">
                  <dt>Created</dt>
                  <dd className="text-zinc-800"><LocalTime at={k.createdAt} /></dd>
                </div>
                <div className="contents sm:flex sm:gap-1">
                  <dt>Last used</dt>
                  <dd className="text-zinc-800">{k.lastUsedAt ? <LocalTime at={k.lastUsedAt} /> : "never"}</dd>
                </div>
                <div className="contents sm:flex sm:gap-1">
                  <dt>{status === "revoked" ? "Revoked" : status === "expired" ? "Expired" : "Expires"}</dt>
                  <dd className="text-zinc-800">
                    {status === "revoked" ? <LocalTime at={k.revokedAt} /> : k.expiresAt ? <LocalTime at={k.expiresAt} /> : "never (until revoked)"}
                  </dd>
                </div>
              </dl>
            </div>
            {canManage && status !== "revoked" ? <RevokeApiKeyForm workspace={workspace} id={k.id} name={k.name} prefix={k.prefix} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
