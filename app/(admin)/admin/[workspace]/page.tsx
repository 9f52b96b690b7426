import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { listGroups } from "@/lib/access/groups";
import { listOffers } from "@/lib/access/offers";
import { requireWorkspaceAdmin } from "@/lib/auth/session";
import { destinationChoices } from "@/lib/links/destination-choices";
import { magicLinkLifetime, portalUrl } from "@/lib/links/policy";
import { signInsPerDay, workspaceOverview } from "@/lib/tenancy/overview";
import { roleAtLeast } from "@/lib/tenancy/workspaces";
import { GenerateMagicLinkDialog, InviteDialog, SendLoginEmailDialog } from "./portal-dialogs";
import { plural } from "@/lib/utils";

export const metadata: Metadata = { title: "Client Portal" };

export default async function WorkspaceHome({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await requireWorkspaceAdmin(slug);
  const [o, signIns, destinations, offers, groups] = await Promise.all([
    workspaceOverview(workspace.id),
    signInsPerDay(workspace.id, 30),
    destinationChoices(workspace),
    listOffers(workspace.id),
    listGroups(workspace.id),
  ]);
  const url = workspace.customDomain ? `https://${workspace.customDomain}` : portalUrl(workspace.slug);
  const base = `/admin/${workspace.slug}`;
  const stats = [
    { label: "Total invited", value: o.invited, href: `${base}/contacts?status=invited`, testId: "total-invited" },
    { label: "Total active", value: o.active, href: `${base}/contacts?status=active`, testId: "total-active" },
    { label: "Contacts", value: o.contacts, href: `${base}/contacts` },
    { label: "Courses", value: o.products, href: `${base}/courses` },
    { label: "Published offers", value: o.offers, href: `${base}/offers` },
    { label: "Community groups", value: o.groups, href: `${base}/groups` },
  ];
  return (
    <main className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Client Portal</h1>
        <p className="mt-1 text-zinc-600" data-testid="workspace-name">{workspace.name}</p>
      </div>
      <Card className="space-y-4">
        <CopyField label="Portal URL" value={url} testId="portal-url" />
        <div className="flex flex-wrap gap-2">
          <GenerateMagicLinkDialog workspace={workspace.slug} destinations={destinations} canGenerate={roleAtLeast(role, "admin")} {...magicLinkLifetime(workspace)} />
          <InviteDialog
            workspace={workspace.slug}
            canGrant={roleAtLeast(role, "admin")}
            offers={offers.map((x) => ({ value: x.offer.id, label: `${x.offer.title}${x.offer.status === "draft" ? " (draft)" : ""}` }))}
            groups={groups.map((g) => ({ value: g.group.id, label: g.group.name }))}
          />
          <SendLoginEmailDialog workspace={workspace.slug} contactsHref={`${base}/contacts`} />
        </div>
      </Card>
      <ul className="grid grid-cols-2 gap-4 lg:grid-cols-3" aria-label="Totals">
        {stats.map((s) => (
          <li key={s.label}>
            <Link href={s.href} className="block h-full rounded-xl border border-zinc-200 bg-white p-5 shadow-sm transition-colors hover:border-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent">
              <span className="block text-sm text-zinc-600">{s.label}</span>
              <span className="mt-1 block text-3xl font-semibold tabular-nums" data-testid={s.testId}>{s.value}</span>
            </Link>
          </li>
        ))}
      </ul>
      <Card>
        <CardTitle>Sign-ins, last 30 days</CardTitle>
        <SignInChart days={signIns} />
      </Card>
    </main>
  );
}

/** Bars per day (SVG) with the numbers in a table for screen readers. */
function SignInChart({ days }: { days: { day: string; n: number }[] }) {
  const max = Math.max(1, ...days.map((d) => d.n));
  const total = days.reduce((a, d) => a + d.n, 0);
  const w = 100 / days.length;
  return (
    <figure className="mt-4" data-testid="sign-ins-chart">
      <figcaption className="text-sm text-zinc-600">
        {plural(total, "sign-in")} in the last 30 days{total ? `; at most ${max} a day` : ""}
      </figcaption>
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" className="mt-3 h-40 w-full" aria-hidden>
        {days.map((d, i) => {
          const h = (d.n / max) * 38;
          return (
            <rect key={d.day} x={i * w + w * 0.15} y={40 - h} width={w * 0.7} height={Math.max(h, 0.4)} rx={0.4} className={d.n ? "fill-accent" : "fill-zinc-200"}>
              <title>{`${d.day}: ${d.n}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="mt-1 flex justify-between text-xs text-zinc-600" aria-hidden>
        <span>{days[0]?.day}</span>
        <span>{days.at(-1)?.day}</span>
      </div>
      <table className="sr-only">
        <caption>Sign-ins per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Sign-ins</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <td>{d.day}</td>
              <td>{d.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
