import type { ReactNode } from "react";

/** The centred card every sign-in page uses, branded with a name (and logo) when given. */
export function AuthShell({ brand, logoUrl, title, subtitle, children, footer }: { brand: string; logoUrl?: string | null; title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          {logoUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- admin-provided URL of any host
            <img src={logoUrl} alt={brand} className="mx-auto h-10" />
          ) : (
            <p className="text-sm font-semibold tracking-wide text-accent uppercase">{brand}</p>
          )}
          <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
          {subtitle ? <p className="mt-1 text-sm text-zinc-600">{subtitle}</p> : null}
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">{children}</div>
        {footer ? <div className="mt-4 text-center text-sm text-zinc-600">{footer}</div> : null}
      </div>
    </main>
  );
}
