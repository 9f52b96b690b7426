import { Text } from "@react-email/components";
import { ActionButton, EmailLayout, paragraph, small, type Brand } from "./components/layout";

export type AdminPasswordResetProps = { brand: Brand; name: string; url: string; expiresText: string };

export const adminPasswordResetSubject = () => "Reset your Portico admin password";

export default function AdminPasswordReset({ brand, name, url, expiresText }: AdminPasswordResetProps) {
  return (
    <EmailLayout brand={brand} preview="Reset your admin password" title="Reset your password">
      <Text style={paragraph}>Hi {name},</Text>
      <Text style={paragraph}>
        Someone (hopefully you) asked to reset the password of your Portico admin account. Choose a new password
        with the button below.
      </Text>
      <ActionButton href={url} label="Choose a new password" color={brand.accentColor} />
      <Text style={small}>This link works once and expires {expiresText}. If the button does not work, paste this address into your browser: {url}</Text>
      <Text style={small}>If you did not ask for this, ignore this email: your password stays the same.</Text>
    </EmailLayout>
  );
}
