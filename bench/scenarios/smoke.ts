// bench:smoke — the seam's own check: a portal sign-in page (workspace lookup + render) under
// 20 concurrent connections for 10 s against a demo workspace on PostgreSQL.
import { loadDemoData } from "@/lib/tenancy/demo";
import { load, runScenario } from "../runner";

await runScenario({
  name: "smoke",
  async seed() {
    const demo = await loadDemoData();
    return { slug: demo.workspaceSlug };
  },
  async run({ baseUrl, seeded }) {
    const r = await load({ url: `${baseUrl}/p/${seeded.slug}/login`, connections: 20, seconds: 10 });
    return { rps: r.rps, p50: r.p50, p95: r.p95, p99: r.p99, errors: r.errors };
  },
});
process.exit(0);
