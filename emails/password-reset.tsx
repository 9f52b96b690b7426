import { Text } from "@react-email/components";
import { ActionButton, EmailLayout, paragraph, small, type Brand } from "./components/layout";

export type PasswordResetProps = { brand: Brand; firstName: string; url: string; expiresText: string };

export const passwordResetSubject = (brand: Brand) => `Reset your ${brand.name} password`;

export default function PasswordReset({ brand, firstName, url, expiresText }: PasswordResetProps) {
  return (
    <EmailLayout brand={brand} preview="Choose a new password" title="Reset your password">
      <Text style={paragraph}>Hi{firstName ? ` ${firstName}` : ""},</Text>
      <Text style={paragraph}>Someone (hopefully you) asked to reset your {brand.name} password. Choose a new one with the button below.</Text>
      <ActionButton href={url} label="Choose a new password" color={brand.accentColor} />
      <Text style={small}>
        This link works once and expires {expiresText}. If the button does not work, paste this address into your browser: {url}
      </Text>
      <Text style={small}>If you did not ask for this, ignore this email: your password stays the same.</Text>
    </EmailLayout>
  );
}
