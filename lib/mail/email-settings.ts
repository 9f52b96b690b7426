import type { Workspace } from "@/db/schema";

/** System emails that follow another one's switch: the login code goes with the login link. */
const FOLLOWS: Record<string, string> = { login_code: "login_link" };

/** Whether a system email is on for the workspace (Emails → System emails turns optional ones off). */
export const isEmailOn = (w: Pick<Workspace, "settings">, key: string) => !(w.settings?.disabledEmails ?? []).includes(FOLLOWS[key] ?? key);

export const EMAIL_OFF_MESSAGE = {
  login_link: "Login emails are turned off for this workspace (Emails → System emails).",
  invitation: "The portal invitation email is turned off for this workspace (Emails → System emails).",
  password_reset: "Password reset emails are turned off for this workspace (Emails → System emails).",
} as const;
