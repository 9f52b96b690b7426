import { defineConfig, devices } from "@playwright/test";
import fs from "node:fs";

// Debian's Chromium when present (npx playwright install cannot download here), else Playwright's own.
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
const launchOptions = {
  executablePath: chromium,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
};

// Each project gets its own server and fresh database: first-run setup and demo data are
// both "first run" flows and cannot share one. The demo server also trusts a local OIDC
// mock (e2e/oidc-mock.mjs) as its "Continue with …" provider.
export const OIDC_PORT = 3290;
/** The demo server verifies custom domains through this DNS server, which e2e/demo/custom-domain.spec.ts runs. */
export const DNS_PORT = 3295;
const servers = { setup: 3201, demo: 3202 };
export const WEBHOOK_SECRET = "whsec_ZTJlLXJlc2VuZC13ZWJob29rLXNlY3JldC0wMDAwMDA=";
// OUTBOUND_ALLOW_PRIVATE: e2e/demo/webhooks.spec.ts delivers to a receiver it runs on 127.0.0.1.
const oidcEnv = `OIDC_ISSUER=http://localhost:${OIDC_PORT} OIDC_CLIENT_ID=portico-e2e OIDC_CLIENT_SECRET=e2e-secret OIDC_NAME="Test SSO" RESEND_WEBHOOK_SECRET=${WEBHOOK_SECRET} DNS_SERVERS=127.0.0.1:${DNS_PORT} OUTBOUND_ALLOW_PRIVATE=127.0.0.1/32`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? "list" : [["list"], ["html", { open: "never" }]],
  use: { ...devices["Desktop Chrome"], launchOptions, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    { name: "setup", testMatch: "setup/*.spec.ts", use: { baseURL: `http://localhost:${servers.setup}` } },
    // Loads the demo data once and saves the credentials it shows for the specs that follow.
    { name: "demo-setup", testMatch: "demo/*.setup.ts", use: { baseURL: `http://localhost:${servers.demo}` } },
    { name: "demo", testMatch: "demo/*.spec.ts", dependencies: ["demo-setup"], use: { baseURL: `http://localhost:${servers.demo}` } },
  ],
  webServer: [
    { command: `node e2e/oidc-mock.mjs ${OIDC_PORT}`, url: `http://localhost:${OIDC_PORT}/.well-known/openid-configuration`, timeout: 30_000, reuseExistingServer: false, stdout: "pipe" },
    ...Object.entries(servers).map(([name, port]) => ({
      command: `${name === "demo" ? `${oidcEnv} ` : ""}node e2e/serve.mjs ${name} ${port}`,
      url: `http://localhost:${port}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe" as const,
    })),
  ],
});
