import Link from "next/link";

export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link className="text-accent underline-offset-4 hover:underline" href={href}>
      {children}
    </Link>
  );
}
