import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { teamMembers, type Contact, type Workspace } from "@/db/schema";
import { signOutEverywhere } from "@/lib/auth/learner-account";
import type { Ctx } from "@/lib/context";
import { makeContact, makeWorkspace, request, secretOf } from "@/test/fixtures";
import { revokeLink } from "./admin-links";
import { issueLearnerToken } from "./issue";
import { contactOfLinkRef, deadLinkInfo } from "./link-page";

const issue = (ws: Workspace, c: Contact, kind: Parameters<typeof issueLearnerToken>[1]["kind"]) =>
  db.transaction((tx) => issueLearnerToken(tx, { workspace: ws, contact: c, kind, via: "admin_send" }));

describe("the dead-link page says why a link died and where a new one goes (issue 13, items 2 and 5)", () => {
  let ws: Workspace;
  let other: Workspace;
  let ctx: Ctx;
  beforeAll(async () => {
    ws = await makeWorkspace("deadlink");
    other = await makeWorkspace("deadlink-other");
    const [owner] = await db.insert(teamMembers).values({ email: `owner-${ws.slug}@example.com`, name: "Owner" }).returning();
    ctx = { workspace: ws, actor: { type: "admin", id: owner!.id }, request };
  });

  it("names the cause: signed out everywhere, revoked by the team; a link not revoked has none", async () => {
    const c = await makeContact(ws);
    const login = await issue(ws, c, "login_link");
    await signOutEverywhere({ workspace: ws, contact: c, request });
    expect((await deadLinkInfo(ws, secretOf(login.url!)))?.cause).toBe("signed_out");

    const magic = await issue(ws, c, "learner_magic_link");
    await revokeLink(ctx, { contactId: c.id, tokenId: magic.token.id });
    expect((await deadLinkInfo(ws, secretOf(magic.url!)))?.cause).toBe("by_team");

    const live = await issue(ws, c, "password_reset");
    expect(await deadLinkInfo(ws, secretOf(live.url!))).toEqual({ ref: live.token.id, contactId: c.id, cause: null });
  });

  it("a link's reference leads to its contact's address in its own workspace only, and nothing else is a reference", async () => {
    const c = await makeContact(ws);
    const link = await issue(ws, c, "login_link");
    const info = await deadLinkInfo(ws, secretOf(link.url!));
    expect(await contactOfLinkRef(ws, info!.ref)).toEqual({ id: c.id, email: c.email });
    expect(await contactOfLinkRef(other, info!.ref)).toBeNull();
    expect(await deadLinkInfo(other, secretOf(link.url!))).toBeNull();
    expect(await contactOfLinkRef(ws, "not-a-uuid")).toBeNull();
    expect(await contactOfLinkRef(ws, c.id)).toBeNull();
  });
});
