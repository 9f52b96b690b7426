import type { ReactNode } from "react";
import { cn } from "@/lib/utils";
import { PortalHeader } from "./portal-header";

/** A signed-in portal page: the top bar and a titled main column. */
export function PortalPage({ workspace, email, title, subtitle, narrow, children }: {
  workspace: { slug: string; name: string; logoUrl: string | null };
  email: string;
  title: string;
  subtitle?: string;
  narrow?: boolean;
  children: ReactNode;
}) {
  return (
    // No min-height of its own: the body has it, and a second one under the preview banner scrolled blank.
    <div>
      <PortalHeader workspace={workspace} email={email} />
      <main className={cn("mx-auto px-4 py-8", narrow ? "max-w-xl" : "max-w-5xl")}>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {subtitle ? <p className="mt-1 text-sm text-zinc-600">{subtitle}</p> : null}
        {children}
      </main>
    </div>
  );
}
