import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**", "test/system/**", "test/cluster/**"],
    globalSetup: ["./test/global-setup.ts"],
    setupFiles: ["./test/setup-db.ts"],
    pool: "forks",
    // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses; Vite resolves it when inlined.
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { PORTICO_WORKER: "off", LOG_LINKS: "false", DATA_DIR: ".data/test", EMAIL_PROVIDER_RPS: "100", RESEND_WEBHOOK_SECRET: "whsec_dGVzdC13ZWJob29rLXNpZ25pbmctc2VjcmV0LTMy" },
  },
});
