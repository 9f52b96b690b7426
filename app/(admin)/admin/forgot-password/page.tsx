import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { ForgotForm } from "./forgot-form";

export const metadata: Metadata = { title: "Reset admin password" };

export default function ForgotPasswordPage() {
  return (
    <AuthShell
      brand="Portico"
      title="Forgot your password?"
      subtitle="Enter your email and we will send you a link to choose a new one."
      footer={<Link className="text-accent underline underline-offset-4" href="/admin/login">Back to sign in</Link>}
    >
      <ForgotForm />
    </AuthShell>
  );
}
