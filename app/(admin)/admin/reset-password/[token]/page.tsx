import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-shell";
import { inspectAdminResetLink, type DeadReason } from "@/lib/links/admin-reset";
import { ResetForm } from "./reset-form";

// same-origin: the token in this URL never reaches another site in a Referer, while the page's own
// form still sends a real Origin (under no-referrer browsers send Origin: null, which is refused).
export const metadata: Metadata = { title: "Choose a new password", referrer: "same-origin" };

const WHY: Record<DeadReason, string> = {
  unknown: "This link is not valid. Check that you copied the whole address.",
  expired: "This link has expired: reset links work for 2 hours, invitations for 7 days.",
  used: "This link has already been used.",
  replaced: "A newer reset link was sent: use the one in your latest email.",
  revoked: "This link was cancelled because the password was changed.",
};

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await inspectAdminResetLink(token);
  const back = <Link className="text-accent underline underline-offset-4" href="/admin/forgot-password">Email me a new link</Link>;
  if (link.dead) {
    return (
      <AuthShell brand="Portico" title="This link can't be used" footer={back}>
        <p className="text-sm text-zinc-700" data-testid="dead-link-reason">{WHY[link.dead]}</p>
      </AuthShell>
    );
  }
  return (
    <AuthShell brand="Portico" title={link.invite ? "Choose your password" : "Choose a new password"} subtitle={`For ${link.email}`} footer={back}>
      <ResetForm token={token} email={link.email ?? ""} />
    </AuthShell>
  );
}
