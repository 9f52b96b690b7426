import { readiness } from "@/lib/ops/ready";

export const dynamic = "force-dynamic";

/** Readiness for a load balancer: 200 when the database, the migrations and a worker are all there, else 503 (lib/ops/ready.ts). */
export async function GET() {
  const r = await readiness();
  return Response.json({ status: r.ready ? "ready" : "not ready", checks: r.checks }, { status: r.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
