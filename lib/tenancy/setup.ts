/**
 * First run: the owner account and the first workspace. Only allowed while no team member
 * exists; a transaction-scoped advisory lock makes two simultaneous setups take turns, so
 * the second one sees the first owner and is refused.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "@/db/client";
import { teamMembers, workspaceMembers, workspaces } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { checkPassword, hashPassword, PASSWORD_MAX } from "@/lib/auth/password";
import { emailSchema, slugSchema } from "@/lib/slug";

export const setupSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120),
  email: emailSchema,
  password: z.string().max(PASSWORD_MAX * 4, "That password is too long."),
  workspaceName: z.string().trim().min(1, "Enter a name for your workspace.").max(120),
  workspaceSlug: slugSchema,
});
export type SetupInput = z.infer<typeof setupSchema>;

export class SetupError extends Error {
  constructor(
    message: string,
    readonly field?: keyof SetupInput,
  ) {
    super(message);
  }
}

export async function lockSetup(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('portico.setup'))`);
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(teamMembers);
  if ((row?.n ?? 0) > 0) throw new SetupError("Portico is already set up. Sign in instead.");
}

export async function createOwnerAndWorkspace(input: SetupInput) {
  const check = checkPassword(input.password, [input.email, input.name]);
  if (!check.ok) throw new SetupError(check.message, "password");
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await lockSetup(tx);
    const [member] = await tx
      .insert(teamMembers)
      .values({ email: input.email, name: input.name, passwordHash })
      .returning();
    const [workspace] = await tx
      .insert(workspaces)
      .values({ name: input.workspaceName, slug: input.workspaceSlug })
      .returning();
    await tx.insert(workspaceMembers).values({ workspaceId: workspace!.id, teamMemberId: member!.id, role: "owner" });
    await recordAudit(tx, {
      workspaceId: workspace!.id,
      actor: { type: "admin", id: member!.id },
      action: "setup.completed",
      teamMemberId: member!.id,
    });
    return { teamMember: member!, workspace: workspace! };
  });
}
