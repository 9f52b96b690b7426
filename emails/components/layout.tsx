import { Body, Container, Head, Heading, Hr, Html, Img, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export type Brand = { name: string; accentColor?: string | null; logoUrl?: string | null };

export function EmailLayout({ brand, preview, title, children }: { brand: Brand; preview: string; title: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f4f4f5", fontFamily: "ui-sans-serif, system-ui, -apple-system, Segoe UI, sans-serif", margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 12, padding: "32px", maxWidth: 520, border: "1px solid #e4e4e7" }}>
          <Section>
            {brand.logoUrl ? (
              <Img src={brand.logoUrl} alt={brand.name} height={32} />
            ) : (
              <Text style={{ fontWeight: 700, fontSize: 16, color: brand.accentColor ?? "#4f46e5", margin: 0 }}>{brand.name}</Text>
            )}
          </Section>
          {title ? (
            <Heading as="h1" style={{ fontSize: 22, color: "#18181b", margin: "24px 0 12px" }}>
              {title}
            </Heading>
          ) : null}
          {children}
          <Hr style={{ borderColor: "#e4e4e7", margin: "28px 0 12px" }} />
          <Text style={{ color: "#71717a", fontSize: 12, margin: 0 }}>
            Sent by {brand.name}. If you did not expect this email, you can ignore it.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function ActionButton({ href, label, color }: { href: string; label: string; color?: string | null }) {
  return (
    <Section style={{ margin: "24px 0" }}>
      <a
        href={href}
        style={{ backgroundColor: color ?? "#4f46e5", color: "#ffffff", padding: "12px 20px", borderRadius: 8, textDecoration: "none", fontWeight: 600, display: "inline-block" }}
      >
        {label}
      </a>
    </Section>
  );
}

export const paragraph = { color: "#3f3f46", fontSize: 15, lineHeight: "24px" } as const;
export const small = { color: "#71717a", fontSize: 13, lineHeight: "20px", wordBreak: "break-all" } as const;
