import { Text } from "@react-email/components";
import { ActionButton, EmailLayout, paragraph, small, type Brand } from "./components/layout";

export type WelcomeProps = { brand: Brand; firstName: string; url: string; expiresText: string };

export const welcomeSubject = (brand: Brand) => `Welcome to ${brand.name}: set your password`;

/** The membership welcome email: a password-setup link. */
export default function Welcome({ brand, firstName, url, expiresText }: WelcomeProps) {
  return (
    <EmailLayout brand={brand} preview={`Your access to ${brand.name} is ready`} title={`Welcome to ${brand.name}`}>
      <Text style={paragraph}>Hi{firstName ? ` ${firstName}` : ""},</Text>
      <Text style={paragraph}>Your access is ready. Choose a password to get into your portal.</Text>
      <ActionButton href={url} label="Set my password" color={brand.accentColor} />
      <Text style={small}>
        This link works once and expires {expiresText}. If the button does not work, paste this address into your browser: {url}
      </Text>
    </EmailLayout>
  );
}
