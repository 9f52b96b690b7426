import { chromium, expect, test } from "@playwright/test";
import dns2 from "dns2";
import fs from "node:fs";
import http from "node:http";
import { DNS_PORT } from "../../playwright.config";
import { adminPage, demoState } from "../helpers";

const DOMAIN = "learn.demo-academy.test";
const { Packet } = dns2;

/**
 * A custom domain as its owner sets it up (issue 12 item 14): entered in Settings, unverified
 * (it serves nothing), proven by the TXT record Settings shows, answered by a DNS server of the
 * test's own on loopback (the demo server's DNS_SERVERS), then opened in a browser that maps
 * the domain to this machine: the portal's login page, a learner signs in there; the dashboard
 * is not there. And a page opened on 127.0.0.1 lands on APP_URL (item 16).
 */
test("a custom domain serves the portal once its TXT record is verified, and only the portal", async ({ browser, request, baseURL }) => {
  const PORT = new URL(baseURL!).port;
  const txt = new Map<string, string>();
  const dns = dns2.createServer({
    udp: true,
    handle: (req, send) => {
      const res = Packet.createResponseFromRequest(req);
      const [q] = req.questions;
      const value = q ? txt.get(q.name.toLowerCase()) : undefined;
      if (value === undefined) res.header.rcode = Packet.RCODE.NXDOMAIN;
      else res.answers.push(Packet.createResourceFromQuestion(q!, { ttl: 1, data: [value] } as Partial<dns2.Packet.Resource>));
      send(res);
    },
  });
  await dns.listen({ udp: { port: DNS_PORT, address: "127.0.0.1" } });
  const admin = await adminPage(browser, demoState().admin);
  try {
    await admin.goto("/admin/demo/settings");
    await admin.getByLabel("Custom domain").fill(DOMAIN);
    await admin.getByRole("button", { name: "Save settings" }).click();
    await expect(admin.getByText("Not verified yet")).toBeVisible();
    const name = await admin.getByTestId("domain-record-name").inputValue();
    const value = await admin.getByTestId("domain-record-value").inputValue();
    expect([name, value]).toEqual([`_portico-verify.${DOMAIN}`, expect.stringMatching(/^portico-verify=[0-9a-f]{32}$/)]);
    const onDomain = (path: string) => request.get(path, { headers: { host: `${DOMAIN}:${PORT}` }, maxRedirects: 0 });
    expect((await onDomain("/")).status()).toBe(404);

    const verify = admin.getByRole("button", { name: /^Verify/ });
    await verify.click();
    await expect(admin.getByText(`No TXT record was found at ${name}.`)).toBeVisible();
    txt.set(name, "portico-verify=0000");
    await verify.click();
    await expect(admin.getByText(`Its value must be exactly ${value}.`)).toBeVisible();
    txt.set(name, value);
    await verify.click();
    await expect(admin.getByText(`Verified: ${DOMAIN} now serves this portal.`)).toBeVisible();
    await admin.reload();
    await expect(admin.getByText(/^Verified at .+: this domain serves the portal\.$/)).toBeVisible();

    for (const path of ["/admin/login", "/admin/demo", "/setup", "/dev/mailbox", "/api/webhooks/resend", "/p/no-such-workspace/login", "/p/other.example.com/login"]) {
      expect({ path, status: (await onDomain(path)).status() }).toEqual({ path, status: 404 });
    }
    // An encoded or dotted path, sent as is (a browser would tidy it first), cannot reach the dashboard either.
    const raw = (path: string) =>
      new Promise<{ status: number; location?: string }>((resolve, reject) =>
        http.get({ host: "127.0.0.1", port: PORT, path, headers: { host: `${DOMAIN}:${PORT}` } }, (res) => resolve({ status: res.resume().statusCode!, location: res.headers.location })).on("error", reject),
      );
    for (const path of ["/%61dmin/login", "/p/demo/../../admin/login", "/p/%2e%2e/admin/login", "/p/demo/%2e%2e/%2e%2e/admin/login", "/_next/../admin/login", "/api/auth/portal/../../../admin/login", "//admin/login"]) {
      const first = await raw(path);
      // Next answers "//x" with a redirect to "/x" on the same host: which is then refused.
      const status = first.status === 308 && first.location?.startsWith("/") ? (await raw(first.location)).status : first.status;
      expect({ path, status }).toEqual({ path, status: 404 });
    }

    // A browser that resolves the domain to this machine, as the domain's CNAME would.
    const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
    const mapped = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", `--host-resolver-rules=MAP ${DOMAIN} 127.0.0.1`] });
    try {
      const page = await mapped.newPage();
      await page.goto(`http://${DOMAIN}:${PORT}/login`);
      await expect(page.getByRole("heading", { name: "Sign in to your portal" })).toBeVisible();
      await page.getByLabel("Email").fill(demoState().learner.email);
      await page.getByLabel("Password").fill(demoState().learner.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(new RegExp(`^http://${DOMAIN.replace(/\./g, "\\.")}:${PORT}/p/demo$`));
      await page.goto(`http://${DOMAIN}:${PORT}/admin/login`);
      await expect(page.getByText("Not found")).toBeVisible();
    } finally {
      await mapped.close();
    }

    // Another host than APP_URL's (item 16): a browser's page load goes to APP_URL, where signing in works; the health check answers anywhere.
    const ip = await request.get(`http://127.0.0.1:${PORT}/p/demo/login?x=1`, { headers: { accept: "text/html" }, maxRedirects: 0 });
    expect([ip.status(), ip.headers()["location"]]).toEqual([307, `http://localhost:${PORT}/p/demo/login?x=1`]);
    expect((await request.get(`http://127.0.0.1:${PORT}/api/health`, { headers: { accept: "text/html" } })).status()).toBe(200);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`http://127.0.0.1:${PORT}/p/demo/login`);
    await expect(page).toHaveURL(`http://localhost:${PORT}/p/demo/login`);
    await page.getByLabel("Email").fill(demoState().learner.email);
    await page.getByLabel("Password").fill(demoState().learner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`http://localhost:${PORT}/p/demo`);
  } finally {
    await admin.goto("/admin/demo/settings");
    await admin.getByLabel("Custom domain").fill("");
    await admin.getByRole("button", { name: "Save settings" }).click();
    await expect(admin.getByText("Not verified yet")).toBeHidden();
    await dns.close();
  }
});
