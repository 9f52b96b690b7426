import { Text } from "@react-email/components";
import { EmailLayout, paragraph, small, type Brand } from "./components/layout";

export type PasswordChangedProps = { brand: Brand; firstName: string; whenText: string; byAdmin: boolean; forgotUrl: string };

export const passwordChangedSubject = (brand: Brand) => `Your ${brand.name} password was changed`;

export default function PasswordChanged({ brand, firstName, whenText, byAdmin, forgotUrl }: PasswordChangedProps) {
  return (
    <EmailLayout brand={brand} preview="Your password was changed" title="Your password was changed">
      <Text style={paragraph}>Hi{firstName ? ` ${firstName}` : ""},</Text>
      <Text style={paragraph}>
        The password of your {brand.name} account was changed {whenText}
        {byAdmin ? ` by the ${brand.name} team` : ""}. Every other device was signed out.
      </Text>
      <Text style={small}>If this was not you, reset your password now at {forgotUrl} and let the {brand.name} team know.</Text>
    </EmailLayout>
  );
}
