import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-semibold text-accent">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-zinc-600">The page you are looking for does not exist, or you do not have access to it.</p>
      <Link href="/" className="text-accent underline underline-offset-4">
        Go to the start page
      </Link>
    </main>
  );
}
