import { devTransportActive, env } from "@/lib/env";
import { devTransport } from "./dev";
import { makeResendTransport } from "./resend";
import type { Transport } from "./types";

let resend: Transport | undefined;

export function currentTransport(): Transport {
  if (devTransportActive) return devTransport;
  return (resend ??= makeResendTransport({ apiKey: env.RESEND_API_KEY!, baseUrl: env.RESEND_BASE_URL }));
}
