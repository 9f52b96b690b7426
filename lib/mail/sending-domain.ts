/**
 * Is the sender's domain (from EMAIL_FROM) verified at Resend, and if not, which DNS records
 * are missing? Read from Resend's domains API each time the settings page asks; nothing is
 * stored. Only meaningful when RESEND_API_KEY is set (the dev mailbox needs no domain).
 */
import { Resend } from "resend";
import { devTransportActive, env } from "@/lib/env";

export type DomainRecord = { record: string; type: string; name: string; value: string; status: string };
export type SendingDomain =
  | { state: "dev" }
  | { state: "error"; domain: string; error: string }
  | { state: "missing"; domain: string }
  | { state: "found"; domain: string; status: string; verified: boolean; records: DomainRecord[] };

export const senderDomain = () => (env.EMAIL_FROM.match(/<[^@>]+@([^>]+)>/)?.[1] ?? env.EMAIL_FROM.split("@")[1] ?? "").toLowerCase().trim();

export async function sendingDomainStatus(opts: { apiKey?: string; baseUrl?: string } = {}): Promise<SendingDomain> {
  const apiKey = opts.apiKey ?? env.RESEND_API_KEY;
  if (!apiKey || (devTransportActive && !opts.apiKey)) return { state: "dev" };
  const domain = senderDomain();
  const baseUrl = opts.baseUrl ?? env.RESEND_BASE_URL;
  const client = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  const list = await client.domains.list();
  if (list.error) return { state: "error", domain, error: list.error.message };
  const found = list.data?.data.find((d) => d.name.toLowerCase() === domain);
  if (!found) return { state: "missing", domain };
  const detail = await client.domains.get(found.id);
  if (detail.error || !detail.data) return { state: "error", domain, error: detail.error?.message ?? "No answer" };
  const records = detail.data.records
    .filter((r) => r.record === "SPF" || r.record === "DKIM")
    .map((r) => ({ record: r.record, type: r.type, name: r.name, value: r.value, status: r.status }));
  return { state: "found", domain, status: detail.data.status, verified: detail.data.status === "verified", records };
}
