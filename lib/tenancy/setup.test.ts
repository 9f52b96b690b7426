import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { teamMembers, workspaceMembers, workspaces } from "@/db/schema";
import { loadDemoData } from "./demo";
import { createOwnerAndWorkspace, SetupError } from "./setup";
import { needsSetup } from "./workspaces";

const owner = { name: "Ada Owner", email: "ada@example.com", password: "violet canyon drifts slowly", workspaceName: "Acme", workspaceSlug: "acme" };
const count = async (table: typeof teamMembers | typeof workspaces) => (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

describe("first run", () => {
  it("refuses a weak owner password and writes nothing", async () => {
    await expect(createOwnerAndWorkspace({ ...owner, password: "password1" })).rejects.toMatchObject({ field: "password" });
    expect(await count(teamMembers)).toBe(0);
    expect(await needsSetup()).toBe(true);
  });

  it("creates exactly one owner when two setups race, then refuses demo data", async () => {
    const results = await Promise.allSettled([
      createOwnerAndWorkspace(owner),
      createOwnerAndWorkspace({ ...owner, email: "eve@example.com", workspaceSlug: "eve" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(SetupError);
    expect(await count(teamMembers)).toBe(1);
    expect(await count(workspaces)).toBe(1);
    const [membership] = await db.select().from(workspaceMembers);
    expect(membership?.role).toBe("owner");
    expect(await needsSetup()).toBe(false);
    await expect(loadDemoData()).rejects.toBeInstanceOf(SetupError);
  });
});
