import { cn } from "@/lib/utils";
import { Markdown } from "./markdown";
import type { Field, TypeName } from "./schema";

export const schemaAnchor = (name: string) => `schema-${name}`;

/** A type, linked to its schema in the Schemas section when it names one. */
export function TypeLabel({ type, className }: { type: TypeName; className?: string }) {
  const cls = cn("font-mono text-xs break-words text-violet-700", className);
  return type.ref ? (
    <a href={`#${schemaAnchor(type.ref)}`} className={cn(cls, "underline decoration-violet-300 underline-offset-2 hover:decoration-violet-700")}>
      {type.text}
    </a>
  ) : (
    <span className={cls}>{type.text}</span>
  );
}

/** Fields as stacked rows (name, type, required; then what it means): readable at phone width, where a 4-column table is not. */
/** `answer`: fields of a response, where "required" means always present, so only the ones that may be absent are marked. */
export function FieldList({ fields, answer, className }: { fields: Field[]; answer?: boolean; className?: string }) {
  if (!fields.length) return <p className={cn("py-2 text-sm text-zinc-500", className)}>No fields.</p>;
  return (
    <ul className={cn("divide-y divide-zinc-100", className)}>
      {fields.map((f) => (
        <li key={`${f.location ?? ""}${f.name}`} className="py-2">
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <code className="font-mono text-[13px] font-semibold break-all text-zinc-900">{f.name}</code>
            <TypeLabel type={f.type} />
            {f.location ? <span className="text-xs text-zinc-500">in {f.location}</span> : null}
            {answer ? (
              f.required ? null : <span className="text-xs text-zinc-500">may be absent</span>
            ) : f.required ? (
              <span className="text-xs font-medium text-rose-700">required</span>
            ) : (
              <span className="text-xs text-zinc-500">optional</span>
            )}
          </div>
          {f.description || f.notes.length ? (
            <div className="mt-0.5 text-sm text-zinc-600">
              {f.description ? <Markdown inline>{f.description}</Markdown> : null}
              {f.notes.length ? <span className="text-xs text-zinc-500">{f.description ? " · " : ""}{f.notes.join(" · ")}</span> : null}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
