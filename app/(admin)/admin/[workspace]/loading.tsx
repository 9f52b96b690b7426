/** Shown while a dashboard page loads (its data is read on the server). */
export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="animate-pulse space-y-4">
      <div className="h-8 w-56 rounded-md bg-zinc-200" />
      <div className="h-28 rounded-xl bg-zinc-100" />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-3">
        <div className="h-24 rounded-xl bg-zinc-100" />
        <div className="h-24 rounded-xl bg-zinc-100" />
        <div className="h-24 rounded-xl bg-zinc-100" />
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
