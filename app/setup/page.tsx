import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { needsSetup } from "@/lib/tenancy/workspaces";
import { SetupChoices } from "./setup-forms";

export const metadata: Metadata = { title: "Set up Portico" };

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/admin/login");
  return (
    <main className="mx-auto max-w-5xl px-4 py-10 sm:py-16">
      <header className="mb-8">
        <p className="text-sm font-semibold tracking-wide text-accent uppercase">Portico</p>
        <h1 className="mt-1 text-3xl font-semibold">Welcome! Let&apos;s set up your portal.</h1>
        <p className="mt-2 max-w-2xl text-zinc-600">
          Create the owner account and your first workspace (one per business you run), or look around with demo
          data first.
        </p>
      </header>
      <SetupChoices />
    </main>
  );
}
