import { expect, test, type APIRequestContext } from "@playwright/test";
import postgres from "postgres";
import { adminPage, contactTab, demoState, latestEmailCode, latestEmailLink, openContact } from "../helpers";

const D = "demo.portico.test";
const strong = "marble lantern orchard 58";


test("admin generates a magic link; the learner confirms, sets a password and sees the course; GET never signs in", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await openContact(admin, `alex.rivera@${D}`, "Actions");
  await admin.getByLabel("Leads to").selectOption("courses");
  await admin.getByRole("button", { name: "Generate magic link" }).click();
  const link = await admin.getByTestId("magic-link").inputValue();
  expect(link).toMatch(/^http:\/\/localhost:3202\/p\/demo\/l\/[A-Za-z0-9_-]{43}$/);
  await expect(admin.getByText("Magic link ready. It expires in 7 days.")).toBeVisible();
  await admin.screenshot({ path: "test-results/contact-record.png", fullPage: true });

  // A fresh browser: opening the link only shows the confirmation (an email scanner would stop here).
  const learner = await (await browser.newContext()).newPage();
  await learner.goto(link);
  await expect(learner.getByRole("heading", { name: "Continue to Northwind Studio" })).toBeVisible();
  await expect(learner.getByText("as a•••@demo.portico.test")).toBeVisible();
  await expect(learner.getByText("Your courses")).toBeVisible();
  await learner.screenshot({ path: "test-results/link-confirm.png", fullPage: true });
  await learner.reload();
  await learner.goto("/p/demo");
  await expect(learner).toHaveURL(/\/p\/demo\/login$/);

  await learner.goto(link);
  await learner.getByRole("button", { name: "Continue" }).click();
  await expect(learner).toHaveURL(/\/p\/demo\/welcome/);
  await learner.getByLabel("New password").fill("password123");
  await expect(learner.getByTestId("strength")).toContainText("Too easy to guess");
  await learner.getByRole("button", { name: "Set password and continue" }).click();
  await expect(learner.getByText(/common, leaked passwords|too easy to guess/).last()).toBeVisible();
  await learner.getByLabel("New password").fill(strong);
  await expect(learner.getByTestId("strength")).toContainText(/Good|Strong/);
  await learner.screenshot({ path: "test-results/welcome-set-password.png", fullPage: true });
  await learner.getByRole("button", { name: "Set password and continue" }).click();
  await expect(learner).toHaveURL(/\/p\/demo\/courses$/);
  await expect(learner.getByTestId("my-courses").getByRole("heading", { level: 3 })).toHaveText(["Foundations of Watercolor", "Studio Business Basics"]);

  // The activity shows who issued it and that it was used, with IP and user agent.
  await contactTab(admin, "Activity");
  await expect(admin.getByTestId("activity")).toContainText("Learner magic link: used");
  await expect(admin.getByTestId("activity")).toContainText("Learner magic link: issued");
  // Setting the password ended the magic link (SPEC §3): the table says so, and why.
  await contactTab(admin, "Links");
  await expect(admin.getByTestId("links-table")).toContainText("revoked (password set or changed) · used 1×");
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByTestId("dead-link-reason")).toHaveAttribute("data-reason", "revoked");
});

test("forgot password → email → reset → signed in; the admin then changes the password and the old session ends", async ({ browser }) => {
  const email = `alex.rivera@${D}`;
  const learner = await (await browser.newContext()).newPage();
  await learner.goto("/p/demo/login");
  await learner.getByRole("link", { name: "Forgot password?" }).click();
  await expect(learner).toHaveURL(/forgot-password$/);
  await learner.getByLabel("Email").fill(email);
  await learner.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(learner.getByTestId("sent-message")).toContainText("a link to choose a new password");
  const link = await latestEmailLink(learner, email, /Reset your Northwind Studio password/);
  await expect(learner.getByTestId("mail-text")).toContainText(/expires at \d\d:\d\d UTC on \d+ \w+ \d{4} \(in 2 hours\)/);
  await learner.goto(link);
  await expect(learner.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await learner.reload(); // GET again: still good
  await learner.getByLabel("New password").fill(`${strong} again`);
  await learner.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(learner).toHaveURL(/\/p\/demo$/);
  await expect(learner.getByTestId("my-courses")).toBeVisible();
  await learner.goto(link);
  await expect(learner.getByTestId("dead-link-reason")).toHaveAttribute("data-reason", "used");

  const admin = await adminPage(browser, demoState().admin);
  await openContact(admin, email, "Actions");
  await admin.getByLabel("New password for this contact").fill("harbor violet tangerine 19");
  await admin.getByRole("button", { name: "Change password" }).click();
  await expect(admin.getByText(/was signed out everywhere and notified by email/)).toBeVisible();

  await learner.goto("/p/demo");
  await expect(learner).toHaveURL(/\/p\/demo\/login$/);
  await latestEmailLink(learner, email, /password was changed/);
});

test("login link and code: the code signs in on a second device; the used link then shows the dead-link page", async ({ browser }) => {
  const email = `priya.patel@${D}`;
  const phone = await (await browser.newContext()).newPage();
  await phone.goto("/p/demo/login");
  await phone.getByRole("link", { name: "Email me a login link or code" }).click();
  await expect(phone).toHaveURL(/\/login\/email$/);
  await phone.getByLabel("Email").fill(email);
  await phone.getByRole("button", { name: "Email me a login link" }).click();
  await expect(phone.getByTestId("sent-message")).toContainText("a sign-in link and a 6-digit code");
  await phone.screenshot({ path: "test-results/login-sent.png", fullPage: true });

  // The email arrives on a laptop; the person types its code on the phone.
  const laptop = await (await browser.newContext()).newPage();
  const code = await latestEmailCode(laptop, email, /sign-in link/);
  const link = (await laptop.getByTestId("mail-links").getByRole("link").first().getAttribute("href"))!;
  await phone.getByRole("link", { name: "Enter a code" }).click();
  await expect(phone).toHaveURL(/\/login\/code\?/);
  await phone.getByLabel("6-digit code").fill("000000");
  await phone.getByRole("button", { name: "Sign in" }).click();
  await expect(phone.locator("main [role=alert]")).toContainText("4 tries left");
  await phone.getByLabel("6-digit code").fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await phone.screenshot({ path: "test-results/code-entry.png", fullPage: true });
  await phone.getByRole("button", { name: "Sign in" }).click();
  await expect(phone).toHaveURL(/\/p\/demo\/welcome/);

  // The link itself is still good once, on the laptop; then it is spent.
  await laptop.goto(link);
  await laptop.getByRole("button", { name: "Continue" }).click();
  await expect(laptop).toHaveURL(/\/p\/demo\/welcome/);
  await laptop.goto(link);
  await expect(laptop.getByRole("heading", { name: "This link was already used" })).toBeVisible();
  await expect(laptop.getByRole("link", { name: "Email me a new link" })).toBeVisible();
  await laptop.screenshot({ path: "test-results/dead-link.png", fullPage: true });
});

test("expired, unknown, other-workspace and no-access links get the dead-link page", async ({ browser, page }) => {
  const admin = await adminPage(browser, demoState().admin);
  await openContact(admin, `maria.garcia@${D}`, "Actions");
  await admin.getByRole("button", { name: "Generate magic link" }).click();
  await expect(admin.locator("main [role=alert]").first()).toContainText("no active offer and no group");

  await openContact(admin, `tom.okafor@${D}`, "Actions");
  await admin.getByRole("button", { name: "Generate magic link" }).click();
  const link = await admin.getByTestId("magic-link").inputValue();
  expect((await page.goto(link.replace("/p/demo/", "/p/no-such-ws/")))?.status()).toBe(404);
  await page.goto(link.slice(0, -4) + "AAAA");
  await expect(page.getByTestId("dead-link-reason")).toHaveAttribute("data-reason", "unknown");

  if (process.env.DATABASE_URL) {
    // Age the link in the server's own database (PostgreSQL in CI) to just past its expiry.
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${`${url.pathname.slice(1) || "postgres"}_e2e_demo`.replace(/[^a-z0-9_]/gi, "_")}`;
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const token = link.split("/").pop()!;
    const { createHash } = await import("node:crypto");
    await sql`update auth_tokens set expires_at = now() - interval '1 second' where token_hash = ${createHash("sha256").update(token).digest("hex")}`;
    await sql.end();
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "This link has expired" })).toBeVisible();
  } else {
    test.info().annotations.push({ type: "note", description: "expiry checked in Vitest; this server's PGlite is not reachable from the test" });
  }
});

async function ask(request: APIRequestContext, email: string, ip: string) {
  const started = performance.now();
  const res = await request.post("/p/demo/auth/email", { form: { email, kind: "link" }, headers: { "x-forwarded-for": ip }, maxRedirects: 0 });
  return { ms: performance.now() - started, status: res.status(), location: res.headers()["location"]!.replace(encodeURIComponent(email), "EMAIL") };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test("no enumeration: known and unknown addresses get the same answer in the same time; the sixth request is a 429", async ({ request, page }) => {
  const known = ["jonas.berg", "lea.dubois", "noah.smith", "sam.chen", "fatima.zahra"].map((n) => `${n}@${D}`);
  const k: number[] = [];
  const u: number[] = [];
  // Each request is timed on its own: the pause lets the previous request's after-response work
  // (the lookup and the email) finish, and the order alternates, so neither side carries the other's load.
  const settle = () => new Promise((r) => setTimeout(r, 250));
  await ask(request, `warm-up@${D}`, "10.0.0.1");
  for (let i = 0; i < 20; i++) {
    const knownFirst = i % 2 === 0;
    const one = async (isKnown: boolean) => {
      await settle();
      return isKnown ? ask(request, known[i % known.length]!, `10.1.${i}.1`) : ask(request, `nobody-${i}@${D}`, `10.2.${i}.1`);
    };
    const first = await one(knownFirst);
    const second = await one(!knownFirst);
    const [a, b] = knownFirst ? [first, second] : [second, first];
    expect([a.status, a.location]).toEqual([b.status, b.location]);
    k.push(a.ms);
    u.push(b.ms);
  }
  const [mk, mu] = [median(k), median(u)];
  console.log(`enumeration timing: known median ${mk.toFixed(1)} ms, unknown median ${mu.toFixed(1)} ms`);
  expect(Math.abs(mk - mu)).toBeLessThan(20);

  // The pages behind those redirects read the same, apart from the address typed.
  const show = async (email: string) => {
    await page.goto(`/p/demo/login/sent?kind=link&email=${encodeURIComponent(email)}`);
    return (await page.getByTestId("sent-message").innerText()).replace(email, "EMAIL");
  };
  expect(await show(known[0]!)).toBe(await show("nobody-0@demo.portico.test"));

  const email = `kenji.sato@${D}`;
  for (let i = 0; i < 5; i++) expect((await ask(request, email, `10.3.${i}.1`)).status).toBe(303);
  const sixth = await request.post("/p/demo/auth/email", { form: { email, kind: "code" }, headers: { "x-forwarded-for": "10.3.9.1" }, maxRedirects: 0 });
  expect(sixth.status()).toBe(429);
  expect(Number(sixth.headers()["retry-after"])).toBeGreaterThan(800);
  expect(await sixth.text()).toMatch(/try again in 1[45] minutes/);
  await page.setContent(await sixth.text());
  await page.screenshot({ path: "test-results/throttled.png" });
});

test("redirects are built from the configured URL, never the Host header; cross-site posts are refused", async ({ request }) => {
  const spoofed = await request.post("/p/demo/auth/email", { form: { email: `x@${D}` }, headers: { host: "evil", "x-forwarded-host": "evil.test", "x-forwarded-for": "10.4.0.1" }, maxRedirects: 0 });
  expect(spoofed.headers()["location"]).toMatch(/^http:\/\/localhost:3202\/p\/demo\/login\/sent/);
  // A dotted host is a custom domain, and no workspace has verified this one.
  expect((await request.post("/p/demo/auth/email", { form: { email: `x@${D}` }, headers: { host: "evil.test" }, maxRedirects: 0 })).status()).toBe(404);
  const crossSite = await request.post("/p/demo/auth/redeem", { form: { token: "x".repeat(43) }, headers: { origin: "https://evil.test" }, maxRedirects: 0 });
  expect(crossSite.status()).toBe(403);
});

test("account: change password needs the current one; sign out everywhere ends every session", async ({ browser }) => {
  const { learner: creds } = demoState();
  const signIn = async () => {
    const p = await (await browser.newContext()).newPage();
    await p.goto("/p/demo/login");
    await p.getByLabel("Email").fill(creds.email);
    await p.getByLabel("Password").fill(creds.password);
    await p.getByRole("button", { name: "Sign in" }).click();
    await expect(p).toHaveURL(/\/p\/demo$/);
    return p;
  };
  const one = await signIn();
  const two = await signIn();
  await one.getByRole("link", { name: "Account" }).click();
  await one.getByLabel("Current password").fill("wrong one");
  await one.getByLabel("New password").fill(strong);
  await one.getByRole("button", { name: "Change password" }).click();
  await expect(one.getByText("That is not your current password.")).toBeVisible();
  await one.screenshot({ path: "test-results/account.png", fullPage: true });
  await one.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(one).toHaveURL(/\/p\/demo\/login\?signed_out=everywhere$/);
  await expect(one.getByText("You were signed out on every device.")).toBeVisible();
  await two.goto("/p/demo");
  await expect(two).toHaveURL(/\/p\/demo\/login$/);
});
