import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must not be bundled; pg-boss and postgres
  // keep one connection pool per process, so they stay external too.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "postgres", "bcryptjs", "rate-limiter-flexible", "drizzle-orm"],
  poweredByHeader: false,
};

export default nextConfig;
