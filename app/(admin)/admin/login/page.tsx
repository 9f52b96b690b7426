import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { currentAdmin } from "@/lib/auth/session";
import { needsSetup } from "@/lib/tenancy/workspaces";
import { AdminLoginForm } from "./login-form";

export const metadata: Metadata = { title: "Admin sign in" };

export default async function AdminLoginPage() {
  if (await needsSetup()) redirect("/setup");
  if (await currentAdmin()) redirect("/admin");
  return (
    <AuthShell brand="Portico" title="Sign in to your dashboard" footer={<Link className="text-accent underline underline-offset-4" href="/admin/forgot-password">Forgot your password?</Link>}>
      <AdminLoginForm />
    </AuthShell>
  );
}
