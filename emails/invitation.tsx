import { Text } from "@react-email/components";
import { ActionButton, EmailLayout, paragraph, small, type Brand } from "./components/layout";

export type InvitationProps = { brand: Brand; firstName: string; url: string; expiresText: string; hasPassword?: boolean };

export const invitationSubject = (brand: Brand) => `You're invited to ${brand.name}`;

/** The portal invitation an admin sends: a set-password link (a login link once a password is set). */
export default function Invitation({ brand, firstName, url, expiresText, hasPassword }: InvitationProps) {
  return (
    <EmailLayout brand={brand} preview={`Your invitation to ${brand.name}`} title={`You're invited to ${brand.name}`}>
      <Text style={paragraph}>Hi{firstName ? ` ${firstName}` : ""},</Text>
      <Text style={paragraph}>
        {brand.name} invited you to their portal, where your courses and communities live.{" "}
        {hasPassword ? "Use the button to sign in." : "Choose a password to get in."}
      </Text>
      <ActionButton href={url} label={hasPassword ? "Sign in to the portal" : "Accept invitation"} color={brand.accentColor} />
      <Text style={small}>
        This link works once and expires {expiresText}. If the button does not work, paste this address into your browser: {url}
      </Text>
    </EmailLayout>
  );
}
