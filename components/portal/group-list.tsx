import { Users } from "lucide-react";
import Link from "next/link";

type Group = { id: string; slug: string; name: string; description: string };

export function GroupList({ workspace, groups }: { workspace: string; groups: Group[] }) {
  if (groups.length === 0) return <p className="mt-3 text-zinc-600">You are not in any community group yet.</p>;
  return (
    <ul className="mt-4 grid gap-3 sm:grid-cols-2" data-testid="my-groups">
      {groups.map((g) => (
        <li key={g.id}>
          <Link href={`/p/${workspace}/communities/${g.slug}`} className="flex gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm hover:shadow-md">
            <Users className="mt-0.5 size-5 shrink-0 text-accent" aria-hidden />
            <span>
              <span className="block font-medium">{g.name}</span>
              <span className="mt-1 block text-sm text-zinc-600">{g.description}</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
