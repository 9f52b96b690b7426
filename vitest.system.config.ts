import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Process-level tests (test/system, test/cluster): they start the production server and
 * workers as separate processes from the build in .next, so they run after `next build`
 * (npm run test:e2e builds first). One file at a time: they own ports and processes.
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["test/system/**/*.test.ts", "test/cluster/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 180_000,
    hookTimeout: 180_000,
    env: { LOG_LINKS: "false" },
  },
});
