"use server";
import { action, inputlessAction, type FormState } from "@/lib/actions";
import { signIn } from "@/lib/auth/admin-auth";
import { loadDemoData, type DemoCredentials } from "@/lib/tenancy/demo";
import { createOwnerAndWorkspace, SetupError, setupSchema } from "@/lib/tenancy/setup";

export const setupAction = action(setupSchema, async (data) => {
  try {
    await createOwnerAndWorkspace(data);
  } catch (err) {
    if (err instanceof SetupError) return { error: err.message, fieldErrors: err.field ? { [err.field]: err.message } : undefined };
    throw err;
  }
  await signIn("admin-password", { email: data.email, password: data.password, redirectTo: `/admin/${data.workspaceSlug}` });
});

export type DemoState = FormState & { demo?: DemoCredentials };

export const demoAction = inputlessAction(async (): Promise<DemoState> => {
  try {
    return { ok: true, demo: await loadDemoData() };
  } catch (err) {
    if (err instanceof SetupError) return { error: err.message };
    throw err;
  }
});

