"use client";
import { Menu, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import { cn } from "@/lib/utils";

/**
 * The dashboard's sidebar. On a phone it folds into one bar with a Menu button (the full menu
 * would push every page ~540 px down); it opens in place and closes again when a link in
 * it is followed, on Escape, or when the page changes. From md up it is always shown.
 */
export function AdminSidebar({ workspaceName, children }: { workspaceName: string; children: ReactNode }) {
  const path = usePathname();
  // Open only for the page it was opened on: any navigation closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;
  return (
    <aside
      className="border-b border-zinc-200 bg-white p-4 md:min-h-dvh md:border-r md:border-b-0"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          setOpenOn(null);
          document.getElementById("admin-menu-button")?.focus();
        }
      }}
    >
      <div className="flex items-center justify-between gap-3 md:mb-3 md:block">
        <p className="min-w-0 truncate text-xs font-semibold tracking-wide text-accent uppercase">
          Portico<span className="font-medium tracking-normal text-zinc-600 normal-case md:hidden"> · {workspaceName}</span>
        </p>
        <button
          id="admin-menu-button"
          type="button"
          className="inline-flex h-9 shrink-0 items-center gap-2 rounded-lg border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-900 hover:bg-zinc-100 md:hidden"
          aria-expanded={open}
          aria-controls="admin-menu"
          onClick={() => setOpenOn(open ? null : path)}
        >
          {open ? <X className="size-4" aria-hidden /> : <Menu className="size-4" aria-hidden />}
          Menu
        </button>
      </div>
      <div
        id="admin-menu"
        className={cn("mt-4 md:mt-0 md:block", open ? "block" : "hidden")}
        onClick={(e) => {
          if ((e.target as Element).closest("a")) setOpenOn(null);
        }}
      >
        {children}
      </div>
    </aside>
  );
}
