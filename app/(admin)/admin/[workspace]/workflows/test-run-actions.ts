"use server";
import { z } from "zod";
import { adminAction, adminCtx } from "@/lib/actions";
import { slugSchema } from "@/lib/slug";
import { testRun } from "@/lib/workflows/test-run";
import { checkWorkflow, parseWorkflowForm } from "@/lib/workflows/validate";

/**
 * Test run: the builder's current fields, read and checked exactly as Save reads them (and not
 * saved), then what each step would do for the chosen contact. Nothing is written or sent.
 * The result goes back as JSON in `data.result` (it is not echoed input).
 */
export const testRunAction = adminAction(
  z.looseObject({ workspace: slugSchema, testContactId: z.string().max(64).default("") }),
  async (data, ctx) => {
    if (!data.testContactId) return { error: "Choose a contact to test with." };
    const checked = await checkWorkflow(ctx.workspace.id, parseWorkflowForm(data));
    if (!checked.ok) return { error: "Fix the highlighted fields first: the test runs the workflow as it would be saved.", fieldErrors: checked.fieldErrors };
    if (checked.def.steps.length === 0) return { error: "Add a step first." };
    const result = await testRun(adminCtx(ctx), { def: checked.def, contactId: data.testContactId });
    if (!result.ok) return { error: result.error };
    return { ok: true, data: { result: JSON.stringify({ contact: result.contact, steps: result.steps }) } };
  },
  { role: "admin" },
);
