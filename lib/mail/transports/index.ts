import { devTransportActive } from "@/lib/env";
import { devTransport } from "./dev";
import { resendTransport } from "./resend";
import type { Transport } from "./types";

export function currentTransport(): Transport {
  return devTransportActive ? devTransport : resendTransport;
}
