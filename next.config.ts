import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must not be bundled; pg-boss and postgres
  // keep one connection pool per process, so they stay external too.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "postgres", "bcryptjs", "rate-limiter-flexible", "drizzle-orm", "pino", "prom-client"],
  poweredByHeader: false,
  // Every server action takes at most 1 MB. The contacts CSV import (up to 10 MB) posts to its
  // own route handler instead (app/(admin)/admin/[workspace]/contacts/import/upload), which
  // authorizes first and counts the body as it streams in.
  experimental: { serverActions: { bodySizeLimit: "1mb" } },
};

export default nextConfig;
