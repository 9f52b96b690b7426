import { Text } from "@react-email/components";
import { EmailLayout, paragraph, small, type Brand } from "./components/layout";
import { codeStyle } from "./login-link";

export type LoginCodeProps = { brand: Brand; firstName: string; code: string; expiresText: string };

// The code stays out of the subject: subjects are stored and listed unsealed.
export const loginCodeSubject = (brand: Brand) => `Your ${brand.name} sign-in code`;

export default function LoginCode({ brand, firstName, code, expiresText }: LoginCodeProps) {
  return (
    <EmailLayout brand={brand} preview={`Your sign-in code: ${code}`} title="Your sign-in code">
      <Text style={paragraph}>Hi{firstName ? ` ${firstName}` : ""},</Text>
      <Text style={paragraph}>Enter this code on the {brand.name} sign-in page:</Text>
      <Text style={codeStyle}>{code}</Text>
      <Text style={small}>It works once and expires {expiresText}. Never share it: {brand.name} will never ask you for it.</Text>
    </EmailLayout>
  );
}
