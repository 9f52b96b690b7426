"use server";
import { AuthError } from "next-auth";
import { z } from "zod";
import { action } from "@/lib/actions";
import { signIn, signOut } from "@/lib/auth/learner-auth";
import { PASSWORD_MAX } from "@/lib/auth/password";
import { emailSchema, slugSchema } from "@/lib/slug";

const loginSchema = z.object({
  workspace: slugSchema,
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX * 4),
});

const MESSAGES: Record<string, string> = {
  no_access: "Your access is not active. If you think this is a mistake, contact the business that gave you access.",
};

export const learnerLoginAction = action(loginSchema, async (data) => {
  try {
    await signIn("learner-password", { ...data, redirectTo: `/p/${data.workspace}` });
  } catch (err) {
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code ?? "";
      return { error: MESSAGES[code] ?? "Email or password is incorrect." };
    }
    throw err;
  }
});

export async function learnerSignOutAction(formData: FormData) {
  const slug = slugSchema.safeParse(formData.get("workspace"));
  await signOut({ redirectTo: slug.success ? `/p/${slug.data}/login` : "/" });
}
