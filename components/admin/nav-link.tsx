"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

/** A sidebar link that shows (and announces) when it is the current section. */
export function NavLink({ href, exact, children }: { href: string; exact?: boolean; children: React.ReactNode }) {
  const path = usePathname();
  const active = exact ? path === href : path === href || path.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn("flex items-center gap-2 rounded-md px-2 py-1.5", active ? "bg-zinc-100 font-medium" : "text-zinc-700 hover:bg-zinc-100")}
    >
      {children}
    </Link>
  );
}
