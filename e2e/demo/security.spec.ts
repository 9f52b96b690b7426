import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { adminPage, demoState } from "../helpers";

// The demo server trusts one proxy hop (e2e/serve.mjs), so `x-forwarded-for` sets a request's client IP.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Submits a dashboard form once in the browser and records the server action request it makes,
 * so the test can replay it with other values (timing needs many requests, not many clicks).
 */
async function recordAction(page: Page, submit: () => Promise<void>) {
  const [req] = await Promise.all([page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]), submit()]);
  const keep = ["next-action", "content-type", "next-router-state-tree", "accept"];
  const headers = Object.fromEntries(Object.entries(req.headers()).filter(([k]) => keep.includes(k)));
  return { url: req.url(), headers, body: req.postData()! };
}

async function replay(request: APIRequestContext, action: Awaited<ReturnType<typeof recordAction>>, body: string, ip: string) {
  const started = performance.now();
  const res = await request.post(action.url, { headers: { ...action.headers, "x-forwarded-for": ip }, data: body, maxRedirects: 0 });
  return { ms: performance.now() - started, status: res.status(), text: await res.text() };
}

test("admin forgot-password: known and unknown emails get the same words in the same time; then it is rate limited", async ({ browser, page, request }) => {
  // Five known admins (the owner and four invited members), so no address reaches its own limit of 5.
  const owner = await adminPage(browser, demoState().admin);
  const known = [demoState().admin.email];
  for (let i = 1; i <= 4; i++) {
    const email = `teammate-${i}-${Date.now()}@example.com`;
    await owner.goto("/admin/demo/settings/team");
    await owner.getByLabel("Email").fill(email);
    await owner.getByLabel("Name").fill(`Teammate ${i}`);
    await owner.getByRole("button", { name: "Invite team member" }).click();
    await expect(owner.getByText(`Invited ${email}`)).toBeVisible();
    known.push(email);
  }

  const PLACEHOLDER = "placeholder-address@example.com";
  await page.goto("/admin/forgot-password");
  await page.getByLabel("Email").fill(PLACEHOLDER);
  const action = await recordAction(page, () => page.getByRole("button", { name: "Email me a reset link" }).click());
  await expect(page.locator("main [role=status]")).toContainText("If an admin account exists for that email");

  const ask = (email: string, ip: string) => replay(request, action, action.body.replace(PLACEHOLDER, email), ip);
  const words = (text: string) => text.match(/If an admin account exists[^"]*/)?.[0];
  await ask("warm-up@example.com", "10.60.0.1");
  const k: number[] = [];
  const u: number[] = [];
  const settle = () => new Promise((r) => setTimeout(r, 250));
  for (let i = 0; i < 20; i++) {
    await settle();
    const a = await ask(known[i % known.length]!, `10.61.${i}.1`);
    await settle();
    const b = await ask(`nobody-${i}-${Date.now()}@example.com`, `10.62.${i}.1`);
    expect([a.status, words(a.text)]).toEqual([b.status, words(b.text)]);
    expect(words(a.text)).toBeTruthy();
    k.push(a.ms);
    u.push(b.ms);
  }
  const [mk, mu] = [median(k), median(u)];
  console.log(`admin forgot-password timing: known median ${mk.toFixed(1)} ms, unknown median ${mu.toFixed(1)} ms`);
  expect(Math.abs(mk - mu)).toBeLessThan(20);

  // Per address: the owner has now asked four times; the sixth request from any IP is refused with a time.
  await ask(known[0]!, "10.63.0.1");
  const sixth = await ask(known[0]!, "10.63.0.2");
  expect(sixth.text).toMatch(/Too many reset requests\. Try again in 1[45] minutes/);
  expect(words(sixth.text)).toBeUndefined();
});

test("admin sign-in is rate limited per account and says when to try again", async ({ page, request }) => {
  const target = `locked-${Date.now()}@example.com`;
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(target);
  await page.getByLabel("Password").fill("wrong password 0");
  const action = await recordAction(page, () => page.getByRole("button", { name: "Sign in" }).click());
  await expect(page.locator("main [role=alert]")).toHaveText("Email or password is incorrect.");
  // Nine more wrong tries from nine other IPs: the account's limit of ten is used up.
  for (let i = 1; i < 10; i++) expect((await replay(request, action, action.body, `10.64.0.${i}`)).text).toContain("Email or password is incorrect.");
  const locked = await replay(request, action, action.body, "10.64.1.1");
  expect(locked.text).toMatch(/Too many sign-in attempts\. Try again in 1[45] minutes/);
  // In the browser, as the person sees it.
  await page.getByLabel("Password").fill("another guess");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("main [role=alert]")).toContainText(/Too many sign-in attempts\. Try again in 1[45] minutes \(at \d\d:\d\d UTC on .+\)/);
});

test("the dev mailbox is shown only to clients on this machine; Origin: null is cross-site", async ({ request }) => {
  expect((await request.get("/dev/mailbox")).status()).toBe(200);
  // The same server seen from another address (through the trusted proxy hop): nothing to see.
  expect((await request.get("/dev/mailbox", { headers: { "x-forwarded-for": "203.0.113.9" } })).status()).toBe(404);
  // A proxy on this machine forwarding someone: not shown, even when the forwarded address claims loopback.
  expect((await request.get("/dev/mailbox", { headers: { "x-forwarded-for": "127.0.0.1" } })).status()).toBe(404);

  for (const path of ["/p/demo/auth/redeem", "/p/demo/auth/email", "/p/demo/auth/code"]) {
    const res = await request.post(path, { form: { token: "x".repeat(43), email: "a@example.com", code: "123456" }, headers: { origin: "null", "x-forwarded-for": "10.65.0.1" }, maxRedirects: 0 });
    expect(res.status(), path).toBe(403);
  }
});

test("a server action from another origin, or Origin: null, is refused with a 403 before it runs; an oversized one with a 413", async ({ page, request }) => {
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill("someone@example.com");
  await page.getByLabel("Password").fill("wrong password");
  const action = await recordAction(page, () => page.getByRole("button", { name: "Sign in" }).click());
  for (const origin of ["https://evil.example", "null"]) {
    const res = await request.post(action.url, { headers: { ...action.headers, origin, "x-forwarded-for": "10.66.0.1" }, data: action.body, maxRedirects: 0 });
    expect(res.status(), origin).toBe(403);
  }
  const huge = await request.post(action.url, { headers: { ...action.headers, "x-forwarded-for": "10.66.0.2" }, data: action.body + "x".repeat(1024 * 1024 + 1), maxRedirects: 0 });
  expect(huge.status()).toBe(413);
  // The same request, from the page's own origin: an ordinary answer.
  expect((await replay(request, action, action.body, "10.66.0.3")).status).toBe(200);
});
