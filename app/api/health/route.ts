export const dynamic = "force-dynamic";

/**
 * Liveness: the process is up and serving. Touches nothing (no database), so a load balancer or
 * scripts/start.mjs can poll it cheaply; whether this instance can do real work is /api/ready.
 */
export function GET() {
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
