import ReactMarkdown from "react-markdown";
import { cn } from "@/lib/utils";

const CODE = "[&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[0.85em] [&_code]:text-zinc-800";

/** The document's descriptions are CommonMark (OpenAPI's rule): rendered on the server, no raw HTML. */
export function Markdown({ children, inline, className }: { children: string; inline?: boolean; className?: string }) {
  if (inline)
    return (
      <span className={cn(CODE, className)}>
        <ReactMarkdown components={{ p: ({ children }) => <>{children}</> }}>{children}</ReactMarkdown>
      </span>
    );
  return (
    <div className={cn("space-y-3 text-sm leading-6 text-zinc-700 [&_a]:text-accent [&_a]:underline [&_strong]:font-semibold [&_strong]:text-zinc-900", CODE, className)}>
      <ReactMarkdown>{children}</ReactMarkdown>
    </div>
  );
}
