import type { Metadata } from "next";
import { GroupList } from "@/components/portal/group-list";
import { PortalPage } from "@/components/portal/portal-page";
import { listGroupsForContact } from "@/lib/access/groups";
import { requireLearnerPage } from "@/lib/auth/portal-page";

export const metadata: Metadata = { title: "My communities" };

export default async function CommunitiesPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, learner } = await requireLearnerPage((await params).workspace);
  return (
    <PortalPage workspace={workspace} email={learner.email} title="My communities">
      <GroupList workspace={workspace.slug} groups={await listGroupsForContact(workspace.id, learner.id)} />
    </PortalPage>
  );
}
