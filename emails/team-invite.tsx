import { Text } from "@react-email/components";
import { ActionButton, EmailLayout, paragraph, small, type Brand } from "./components/layout";

export type TeamInviteProps = { brand: Brand; name: string; inviter: string; workspace: string; role: string; url: string; expiresText?: string };

export const teamInviteSubject = (workspace: string) => `You've been added to ${workspace} on Portico`;

/** A team member's invitation: a link to set their admin password, or to sign in if they have one. */
export default function TeamInvite({ brand, name, inviter, workspace, role, url, expiresText }: TeamInviteProps) {
  return (
    <EmailLayout brand={brand} preview={`${inviter} added you to ${workspace}`} title={`Join ${workspace}`}>
      <Text style={paragraph}>Hi {name},</Text>
      <Text style={paragraph}>
        {inviter} added you to the {workspace} dashboard on Portico as {role === "admin" ? "an admin" : `a ${role}`}.{" "}
        {expiresText ? "Choose your password to get started." : "Sign in with your existing Portico account."}
      </Text>
      <ActionButton href={url} label={expiresText ? "Choose my password" : "Open the dashboard"} color={brand.accentColor} />
      {expiresText ? <Text style={small}>This link works once and expires {expiresText}. If the button does not work, paste this address into your browser: {url}</Text> : null}
    </EmailLayout>
  );
}
