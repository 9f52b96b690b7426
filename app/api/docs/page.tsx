/**
 * /api/docs: the reference of /api/v1, rendered on the server from the OpenAPI document
 * (lib/api/openapi.ts), so it lists exactly what the routes do. Public like the document; no
 * scripts of its own (no CDN: the page works offline and under a strict CSP).
 */
import type { Metadata } from "next";
import { openApiDocument } from "@/lib/api/openapi";
import { TEST_EVENT_TYPE } from "@/lib/webhooks/event-types";
import { FieldList, schemaAnchor } from "./field-list";
import { Markdown } from "./markdown";
import { MethodBadge, OperationCard, operationAnchor } from "./operation-card";
import { fieldsOf, refName, type Document, type OperationObject } from "./schema";

export const metadata: Metadata = { title: "API reference", description: "Portico's public API (/api/v1): operations, scopes, fields and errors." };

const METHODS = ["get", "put", "post", "patch", "delete"];
let cached: Document | undefined;

function byTag(doc: Document) {
  const ops = Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as OperationObject })));
  return doc.tags.map((tag) => ({ ...tag, ops: ops.filter((o) => o.op.tags[0] === tag.name) }));
}

const tagAnchor = (name: string) => `tag-${name.toLowerCase()}`;

function Contents({ groups }: { groups: ReturnType<typeof byTag> }) {
  return (
    <nav aria-label="Operations" className="text-sm">
      <a href="#overview" className="block py-1 font-medium text-zinc-900 hover:underline">
        Overview
      </a>
      <a href="#errors" className="block py-1 font-medium text-zinc-900 hover:underline">
        Errors
      </a>
      {groups.map((g) => (
        <div key={g.name} className="mt-3">
          <a href={`#${tagAnchor(g.name)}`} className="block py-1 font-medium text-zinc-900 hover:underline">
            {g.name}
          </a>
          <ul>
            {g.ops.map(({ method, op }) => (
              <li key={op.operationId}>
                <a href={`#${operationAnchor(op)}`} className="flex items-center gap-2 rounded py-1 text-zinc-600 hover:text-zinc-900">
                  <MethodBadge method={method} className="w-12 text-[10px]" />
                  <span className="truncate">{op.summary}</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <a href="#webhook-events" className="mt-3 block py-1 font-medium text-zinc-900 hover:underline">
        Webhook events
      </a>
      <a href="#schemas" className="mt-3 block py-1 font-medium text-zinc-900 hover:underline">
        Schemas
      </a>
    </nav>
  );
}

/** The `webhooks` of the document: each event type an endpoint can hear, the signature headers, the body's schema. */
function WebhookEvents({ doc }: { doc: Document }) {
  const hooks = Object.entries(doc.webhooks);
  const headers = hooks[0]?.[1].post.parameters ?? [];
  const answers = hooks[0]?.[1].post.responses["2XX"]?.description;
  const row = ([type, h]: (typeof hooks)[number], note?: string) => (
    <div key={type} id={`event-${type}`} className="scroll-mt-6 gap-4 py-2.5 text-sm sm:flex">
      <dt className="shrink-0 font-mono font-semibold text-zinc-900 sm:w-56">{type}</dt>
      <dd className="text-zinc-700">
        <span className="font-medium text-zinc-900">{h.post.summary}.</span> <Markdown inline>{h.post.description?.split("\n\n")[0] ?? ""}</Markdown>
        {note ? <span className="text-zinc-500"> {note}</span> : null}
      </dd>
    </div>
  );
  return (
    <section id="webhook-events" className="mt-12 scroll-mt-6">
      <h2 className="text-xl font-semibold text-zinc-900">Webhook events</h2>
      <p className="mt-1 max-w-3xl text-sm text-zinc-600">
        What Portico POSTs to your endpoints (add them in Settings → Webhooks or with the Webhooks operations above). Every body is a{" "}
        <a href={`#${schemaAnchor("WebhookPayload")}`} className="text-accent underline">
          WebhookPayload
        </a>{" "}
        whose <code className="font-mono">type</code> is one of these. {answers}
      </p>
      <dl className="mt-4 divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white px-4 shadow-sm">
        {hooks.filter(([type]) => type !== TEST_EVENT_TYPE).map((h) => row(h))}
        {hooks.filter(([type]) => type === TEST_EVENT_TYPE).map((h) => row(h, "(not subscribable: sent only when asked)"))}
      </dl>
      <h3 className="mt-6 text-sm font-semibold text-zinc-900">Headers of every delivery</h3>
      <dl className="mt-2 divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white px-4 shadow-sm">
        {headers.map((p) => (
          <div key={p.name} className="gap-4 py-2.5 text-sm sm:flex">
            <dt className="shrink-0 font-mono font-semibold text-zinc-900 sm:w-56">{p.name}</dt>
            <dd className="text-zinc-700">
              <Markdown inline>{p.description ?? ""}</Markdown>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export default function ApiDocsPage() {
  cached ??= openApiDocument() as unknown as Document;
  const doc = cached;
  const groups = byTag(doc);
  const requestSchemas = new Set(
    Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.requestBody?.content["application/json"]?.schema.$ref).filter((r): r is string => !!r).map(refName)),
  );
  const errorNames = new Map<string, string>(); // status → its answer in components.responses
  for (const item of Object.values(doc.paths))
    for (const op of Object.values(item)) for (const [status, r] of Object.entries(op.responses)) if ("$ref" in r) errorNames.set(status, refName(r.$ref));
  const errorRows = [...errorNames].sort(([a], [b]) => Number(a) - Number(b)).map(([status, name]) => [status, doc.components.responses[name]!] as const);
  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-10">
      <aside className="hidden lg:block">
        <div className="sticky top-6 max-h-[calc(100dvh-3rem)] overflow-y-auto pr-2">
          <Contents groups={groups} />
        </div>
      </aside>
      <main className="min-w-0">
        <header id="overview" className="scroll-mt-6">
          <p className="text-sm font-medium text-accent">API v{doc.info.version}</p>
          <h1 className="mt-1 text-3xl font-semibold text-zinc-900">{doc.info.title} reference</h1>
          <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <span className="text-zinc-600">
              Base URL <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono">/api/v1</code> on this server
            </span>
            <a href="/api/v1/openapi.json" className="text-accent underline underline-offset-4">
              OpenAPI 3.1 document (openapi.json)
            </a>
          </p>
          <details className="mt-4 rounded-lg border border-zinc-200 bg-white px-4 py-2 lg:hidden">
            <summary className="cursor-pointer py-1 text-sm font-medium">Contents</summary>
            <div className="pb-2">
              <Contents groups={groups} />
            </div>
          </details>
          <Markdown className="mt-6 max-w-3xl">{doc.info.description}</Markdown>
        </header>

        <section id="errors" className="mt-10 scroll-mt-6">
          <h2 className="text-xl font-semibold text-zinc-900">Errors</h2>
          <p className="mt-1 max-w-3xl text-sm text-zinc-600">
            Each operation lists the statuses it can answer. The body is a <a href={`#${schemaAnchor("Problem")}`} className="text-accent underline">Problem</a>.
          </p>
          <dl className="mt-4 divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white px-4 shadow-sm">
            {errorRows.map(([status, r]) => (
              <div key={status} className="flex gap-3 py-2.5 text-sm">
                <dt className="w-10 shrink-0 font-mono font-semibold text-zinc-900">{status}</dt>
                <dd className="text-zinc-700">
                  <Markdown inline>{r.description}</Markdown>
                </dd>
              </div>
            ))}
          </dl>
        </section>

        {groups.map((g) => (
          <section key={g.name} id={tagAnchor(g.name)} className="mt-12 scroll-mt-6">
            <h2 className="text-xl font-semibold text-zinc-900">{g.name}</h2>
            <p className="mt-1 max-w-3xl text-sm text-zinc-600">{g.description}</p>
            <div className="mt-4 space-y-6">
              {g.ops.map(({ path, method, op }) => (
                <OperationCard key={op.operationId} doc={doc} path={path} method={method} op={op} />
              ))}
            </div>
          </section>
        ))}

        <WebhookEvents doc={doc} />

        <section id="schemas" className="mt-12 scroll-mt-6">
          <h2 className="text-xl font-semibold text-zinc-900">Schemas</h2>
          <p className="mt-1 max-w-3xl text-sm text-zinc-600">The named shapes the operations take and return. In answers every field is present unless marked “may be absent”; a nullable one may be null.</p>
          <div className="mt-4 grid items-start gap-4 xl:grid-cols-2">
            {Object.entries(doc.components.schemas).map(([name, schema]) => (
              <div key={name} id={schemaAnchor(name)} className="scroll-mt-6 rounded-xl border border-zinc-200 bg-white px-4 pt-3 pb-1 shadow-sm">
                <h3 className="font-mono text-sm font-semibold text-zinc-900">{name}</h3>
                <FieldList fields={fieldsOf(doc, schema)} answer={!requestSchemas.has(name)} />
              </div>
            ))}
          </div>
        </section>
      </main>
    </div>
  );
}
