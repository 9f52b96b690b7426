import { cn } from "@/lib/utils";
import { Markdown } from "./markdown";
import { deref, exampleBody, exampleParam, fieldsOf, notes, refName, typeName, type Document, type OperationObject, type Parameter, type Response } from "./schema";
import { FieldList, TypeLabel } from "./field-list";

const METHOD_TONES: Record<string, string> = {
  get: "bg-emerald-100 text-emerald-800",
  post: "bg-indigo-100 text-indigo-800",
  put: "bg-amber-100 text-amber-900",
  patch: "bg-sky-100 text-sky-900",
  delete: "bg-rose-100 text-rose-800",
};

export function MethodBadge({ method, className }: { method: string; className?: string }) {
  return <span className={cn("inline-flex w-16 shrink-0 justify-center rounded px-1.5 py-0.5 font-mono text-xs font-semibold uppercase", METHOD_TONES[method], className)}>{method}</span>;
}

export const operationAnchor = (op: OperationObject) => `op-${op.operationId}`;

/** `{id}` after /contacts → $CONTACT_ID; `{offer}` → $OFFER_ID; `{tag}` → vip. */
function pathExample(path: string): string {
  const parts = path.split("/");
  return parts
    .map((part, i) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return part;
      if (m[1] === "tag") return "vip";
      const noun = m[1] === "id" ? (parts[i - 1] ?? "").replace(/ies$/, "y").replace(/s$/, "") : m[1]!;
      return `$${noun.replace(/-/g, "_").toUpperCase()}_ID`;
    })
    .join("/");
}

function curlOf(doc: Document, method: string, path: string, op: OperationObject, params: Parameter[]): string {
  const query = params.filter((p) => p.in === "query" && p.required).map((p) => `${p.name}=${encodeURIComponent(String(exampleParam(doc, p)))}`);
  const lines = [`curl${method === "get" ? "" : ` -X ${method.toUpperCase()}`} "$PORTICO_URL/api/v1${pathExample(path)}${query.length ? `?${query.join("&")}` : ""}"`, `-H "Authorization: Bearer $PORTICO_KEY"`];
  if (method !== "get") lines.push(`-H "Idempotency-Key: $(uuidgen)"`);
  const body = op.requestBody?.content["application/json"]?.schema;
  if (body) lines.push(`-H "Content-Type: application/json"`, `-d '${JSON.stringify(exampleBody(doc, body))}'`);
  return lines.join(" \\\n  ");
}

function Heading({ children }: { children: React.ReactNode }) {
  return <h4 className="mt-5 mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{children}</h4>;
}

export function OperationCard({ doc, method, path, op }: { doc: Document; method: string; path: string; op: OperationObject }) {
  const params = (op.parameters ?? []).map((p) => deref<Parameter>(doc, p));
  const body = op.requestBody?.content["application/json"]?.schema;
  const responses = Object.entries(op.responses);
  const success = responses.filter(([status]) => Number(status) < 400).map(([status, r]) => [status, deref<Response>(doc, r)] as const);
  const errors = responses.filter(([status]) => Number(status) >= 400);
  const description = (op.description ?? "").replace(/(^|\n\n)Requires the `[^`]+` scope[^\n]*$/, ""); // the scope has its own line
  return (
    <article id={operationAnchor(op)} className="scroll-mt-6 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-6">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <MethodBadge method={method} />
        <code className="font-mono text-sm break-all text-zinc-900">{path}</code>
      </div>
      <h3 className="mt-3 text-lg font-semibold text-zinc-900">
        <a href={`#${operationAnchor(op)}`} className="hover:underline">
          {op.summary}
        </a>
      </h3>
      <p className="mt-1 text-xs text-zinc-600">
        Scope <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-zinc-800">{op["x-required-scope"]}</code> · operationId <code className="font-mono">{op.operationId}</code>
      </p>
      {description ? <Markdown className="mt-3">{description}</Markdown> : null}

      {params.length ? (
        <>
          <Heading>Parameters</Heading>
          <FieldList
            fields={params.map((p) => ({ name: p.name, location: p.in, type: typeName(p.schema), required: !!p.required, description: p.description, notes: notes(p.schema) }))}
          />
        </>
      ) : null}

      {body ? (
        <>
          <Heading>
            Request body <span className="font-normal normal-case">(application/json{body.$ref ? <>, <TypeLabel type={{ text: refName(body.$ref), ref: refName(body.$ref) }} /></> : null})</span>
          </Heading>
          <FieldList fields={fieldsOf(doc, body)} />
        </>
      ) : null}

      <Heading>Responses</Heading>
      <div className="space-y-3">
        {success.map(([status, r]) => {
          const schema = r.content?.["application/json"]?.schema;
          return (
            <div key={status} className="rounded-lg border border-zinc-200">
              <p className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-3 py-2 text-sm">
                <span className="rounded bg-emerald-50 px-1.5 font-mono text-xs font-semibold text-emerald-800">{status}</span>
                <span className="text-zinc-800">{r.description}</span>
                {schema ? <TypeLabel type={schema.$ref ? { text: refName(schema.$ref), ref: refName(schema.$ref) } : { text: "object" }} className="ml-auto" /> : null}
              </p>
              {schema ? <FieldList fields={fieldsOf(doc, schema)} answer className="px-3" /> : null}
            </div>
          );
        })}
      </div>
      <p className="mt-3 flex flex-wrap items-center gap-1.5 text-xs text-zinc-600">
        <a href="#errors" className="mr-1 hover:underline">
          Errors
        </a>
        {errors.map(([status, r]) => (
          <a key={status} href="#errors" title={deref<Response>(doc, r).description} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-zinc-700 hover:bg-zinc-200">
            {status}
          </a>
        ))}
      </p>

      <Heading>Example</Heading>
      {/* Focusable: a scrolling region must be reachable with the keyboard. */}
      <pre tabIndex={0} aria-label={`Example request: ${op.summary}`} className="overflow-x-auto rounded-lg bg-zinc-900 p-3 text-xs leading-5 text-zinc-100 focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none sm:text-[13px]">
        <code>{curlOf(doc, method, path, op, params)}</code>
      </pre>
    </article>
  );
}
