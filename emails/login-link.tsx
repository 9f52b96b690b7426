import { Section, Text } from "@react-email/components";
import { ActionButton, EmailLayout, paragraph, small, type Brand } from "./components/layout";

export type LoginLinkProps = {
  brand: Brand;
  firstName: string;
  url: string;
  expiresText: string;
  /** The login page's request also carries a code, for signing in on another device. */
  code?: { value: string; expiresText: string };
  /** A learner magic link works until it expires: say so instead of "works once". */
  reusable?: boolean;
};

export const loginLinkSubject = (brand: Brand) => `Your sign-in link for ${brand.name}`;

export default function LoginLink({ brand, firstName, url, expiresText, code, reusable }: LoginLinkProps) {
  return (
    <EmailLayout brand={brand} preview={`Sign in to ${brand.name}`} title={`Sign in to ${brand.name}`}>
      <Text style={paragraph}>Hi{firstName ? ` ${firstName}` : ""},</Text>
      <Text style={paragraph}>Use the button below to sign in to your portal. No password needed.</Text>
      <ActionButton href={url} label={`Sign in to ${brand.name}`} color={brand.accentColor} />
      <Text style={small}>
        {reusable ? "This link is personal: keep it private. It" : "This link works once and"} expires {expiresText}. If the button does not work, paste this address into your browser: {url}
      </Text>
      {code ? (
        <Section>
          <Text style={paragraph}>On another device? Enter this code on the sign-in page instead:</Text>
          <Text style={codeStyle}>{code.value}</Text>
          <Text style={small}>The code expires {code.expiresText}.</Text>
        </Section>
      ) : null}
      <Text style={small}>If you did not ask to sign in, ignore this email: nobody can sign in without it.</Text>
    </EmailLayout>
  );
}

export const codeStyle = { fontSize: 28, fontWeight: 700, letterSpacing: "6px", color: "#18181b", margin: "8px 0" } as const;
