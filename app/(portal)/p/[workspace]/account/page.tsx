import type { Metadata } from "next";
import { PortalPage } from "@/components/portal/portal-page";
import { Button } from "@/components/ui/button";
import { requireLearnerPage } from "@/lib/auth/portal-page";
import { signOutEverywhereAction } from "../actions";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, learner } = await requireLearnerPage(slug);
  const hasPassword = !!learner.passwordHash;
  return (
    <PortalPage workspace={workspace} email={learner.email} title="Your account" subtitle={`Signed in as ${learner.email}`} narrow>
      <section className="mt-6 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm" aria-labelledby="pw-heading">
        <h2 id="pw-heading" className="mb-4 text-lg font-semibold">
          {hasPassword ? "Change password" : "Set a password"}
        </h2>
        <PasswordForm workspace={workspace.slug} email={learner.email} related={[learner.email, learner.firstName, learner.lastName]} needsCurrent={hasPassword} submitLabel={hasPassword ? "Change password" : "Set password"} />
      </section>
      <section className="mt-6 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Devices
        </h2>
        <p className="mt-1 text-sm text-zinc-600">Signed in on a shared or lost device? Sign out everywhere, this device included.</p>
        <form action={signOutEverywhereAction} className="mt-4">
          <input type="hidden" name="workspace" value={workspace.slug} />
          <Button type="submit" variant="secondary">
            Sign out everywhere
          </Button>
        </form>
      </section>
    </PortalPage>
  );
}
