type Group = { id: string; name: string; description: string };

export function GroupList({ groups }: { groups: Group[] }) {
  if (groups.length === 0) return <p className="mt-3 text-zinc-600">You are not in any community group yet.</p>;
  return (
    <ul className="mt-4 grid gap-3 sm:grid-cols-2">
      {groups.map((g) => (
        <li key={g.id} className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm">
          <p className="font-medium">{g.name}</p>
          <p className="mt-1 text-sm text-zinc-600">{g.description}</p>
        </li>
      ))}
    </ul>
  );
}
