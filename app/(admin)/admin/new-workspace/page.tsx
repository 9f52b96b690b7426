import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { requireAdmin } from "@/lib/auth/session";
import { NewWorkspaceForm } from "./new-workspace-form";

export const metadata: Metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  await requireAdmin();
  return (
    <AuthShell
      brand="Portico"
      title="New workspace"
      subtitle="One workspace per business: its own portal, contacts, courses and team."
      footer={<Link className="text-accent underline underline-offset-4" href="/admin">Cancel</Link>}
    >
      <NewWorkspaceForm />
    </AuthShell>
  );
}
