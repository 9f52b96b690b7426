"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-zinc-600">
        The problem has been logged{error.digest ? ` (reference ${error.digest})` : ""}. Please try again.
      </p>
      <button onClick={reset} className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-white">
        Try again
      </button>
    </main>
  );
}
