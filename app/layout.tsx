import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = { title: { default: "Portico", template: "%s · Portico" }, description: "Client portal and membership access" };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };
// Every page reads the database or the session: render per request.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
