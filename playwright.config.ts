import { defineConfig, devices } from "@playwright/test";
import fs from "node:fs";

// Debian's Chromium when present (npx playwright install cannot download here), else Playwright's own.
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
const launchOptions = {
  executablePath: chromium,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
};

// Each project gets its own server and fresh database: first-run setup and demo data are
// both "first run" flows and cannot share one.
const servers = { setup: 3201, demo: 3202 };

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? "list" : [["list"], ["html", { open: "never" }]],
  use: { ...devices["Desktop Chrome"], launchOptions, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: Object.entries(servers).map(([name, port]) => ({
    name,
    testMatch: `${name}/*.spec.ts`,
    use: { baseURL: `http://localhost:${port}` },
  })),
  webServer: Object.entries(servers).map(([name, port]) => ({
    command: `node e2e/serve.mjs ${name} ${port}`,
    url: `http://localhost:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
  })),
});
