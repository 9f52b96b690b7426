import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must not be bundled; pg-boss and postgres
  // keep one connection pool per process, so they stay external too.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "postgres", "bcryptjs", "rate-limiter-flexible", "drizzle-orm"],
  poweredByHeader: false,
  // A contact CSV import posts the file to a server action (10,000 rows ≈ 0.6 MB).
  experimental: { serverActions: { bodySizeLimit: "10mb" } },
};

export default nextConfig;
