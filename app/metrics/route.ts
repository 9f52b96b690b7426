import { metricsAccess } from "@/lib/ops/metrics-access";
import { exposition } from "@/lib/ops/scrape-metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint: loopback (nothing forwarded) or `Authorization: Bearer $METRICS_TOKEN`; else 404, or 401 for a wrong token. */
export async function GET(request: Request) {
  const access = metricsAccess(request.headers);
  if (access === "unauthorized") return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"', "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  if (access === "hidden") return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  const { body, contentType } = await exposition();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
