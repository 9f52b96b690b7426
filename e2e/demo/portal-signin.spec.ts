import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminPage, demoState, latestEmailCode, latestEmailLink, openContact } from "../helpers";

const strong = "copper meadow violin 73";
const stronger = "harbour lantern cobalt 58";

/** No serious or critical axe violations, and nothing wider than a phone's screen at 390 px. */
async function looksRight(page: Page, shot: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `test-results/${shot}-390.png`, fullPage: true });
  await page.setViewportSize(size);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/p\/demo\/login\?signed_out=1$/);
  await expect(page.getByText("You are signed out.")).toBeVisible();
}

/** A signed-out learner opening `lessonUrl` lands on the login page with it as `next`. */
async function deepLink(page: Page, lessonUrl: string) {
  await page.goto(lessonUrl);
  await expect(page).toHaveURL(new RegExp(`/p/demo/login\\?next=${encodeURIComponent(new URL(lessonUrl).pathname)}$`));
  await expect(page.getByLabel("Email")).toBeFocused();
}

test("checkout shortcut → the welcome email's link still opens, to choose the password again; a deep link survives password, link, code and reset sign-in; dead links say why and offer a way on", async ({ browser }) => {
  const email = `deep.link.${Date.now()}@example.com`;
  const page = await (await browser.newContext()).newPage();
  await page.goto("/p/demo/checkout/watercolor-starter");
  await page.getByLabel("Full name").fill("Dee Plink");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Proceed to checkout" }).click();
  await page.getByRole("button", { name: "View Dashboard" }).click();
  await page.getByLabel("New password").fill(strong);
  await page.getByRole("button", { name: "Set password and continue" }).click();
  await expect(page).toHaveURL(/\/p\/demo$/);

  // Item 2: the welcome email promised on the thank-you page is not dead; it asks to choose the password again.
  const mail = await (await browser.newContext()).newPage();
  const welcome = await latestEmailLink(mail, email, /Welcome to Northwind Studio/);
  await mail.goto(welcome);
  await expect(mail.getByRole("heading", { name: "Secure your account" })).toBeVisible();
  await expect(mail.getByTestId("choose-again")).toContainText("choose your password once more");
  await mail.screenshot({ path: "test-results/welcome-choose-again.png", fullPage: true });
  await looksRight(mail, "welcome-choose-again");

  await page.goto("/p/demo/courses/watercolor-foundations");
  await page.getByRole("link", { name: "Welcome to the course" }).first().click();
  await expect(page.getByRole("button", { name: /Mark (complete|incomplete)/ })).toBeVisible();
  const lessonUrl = page.url();
  await signOut(page);

  // 1. Password.
  await deepLink(page, lessonUrl);
  await page.screenshot({ path: "test-results/login-next.png", fullPage: true });
  await looksRight(page, "login-next");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(strong);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(lessonUrl);
  await signOut(page);

  // 2. "Email me a link": the link carries the destination (signing in by it drops the unproven password → set one first, then on).
  await deepLink(page, lessonUrl);
  await page.getByRole("link", { name: "Email me a login link or code" }).click();
  await expect(page.getByRole("heading", { name: "Sign in with your email" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a login link" }).click();
  await expect(page.getByTestId("sent-message")).toBeVisible();
  const link = await latestEmailLink(mail, email, /Your sign-in link for Northwind Studio/);
  await page.goto(link);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/p\/demo\/welcome\?next=/);
  // A refused weak password is said once: beside the field, not again by the strength meter.
  await page.getByLabel("New password").fill("password123");
  await page.getByRole("button", { name: /password/i }).click();
  await expect(page.getByLabel("New password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("strength").getByText("Strength:")).toHaveCount(0);
  await page.getByLabel("New password").fill(stronger);
  await page.getByRole("button", { name: /password/i }).click();
  await expect(page).toHaveURL(lessonUrl);

  // Item 5: the used link, opened while signed in, offers the portal; "Email me a new link" knows the address.
  await page.goto(link);
  await expect(page.getByTestId("dead-link-reason")).toHaveAttribute("data-reason", "used");
  await page.screenshot({ path: "test-results/dead-link-signed-in.png", fullPage: true });
  await looksRight(page, "dead-link-signed-in");
  await page.getByRole("link", { name: "Go to my portal" }).click();
  await expect(page).toHaveURL(/\/p\/demo$/);
  await page.goto(link);
  await page.getByRole("link", { name: "Email me a new link" }).click();
  await expect(page.getByTestId("ref-email")).toHaveText(email);
  // Someone else holding the link sees the address masked, and the request still goes to the real one.
  // (Another browser: the same IP and user agent within a minute of the use would get the link's second chance.)
  const stranger = await (await browser.newContext({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) SomeoneElse/1.0" })).newPage();
  await stranger.goto(link);
  await expect(stranger.getByRole("link", { name: "Go to my portal" })).toHaveCount(0);
  await stranger.getByRole("link", { name: "Email me a new link" }).click();
  await expect(stranger.getByTestId("ref-email")).toHaveText(/^d•••@example\.com$/);
  expect(await stranger.content()).not.toContain(email);
  await stranger.screenshot({ path: "test-results/dead-link-new-link.png", fullPage: true });
  await looksRight(stranger, "dead-link-new-link");
  await page.goto("/p/demo/account");
  await signOut(page);

  // 3. Code.
  await deepLink(page, lessonUrl);
  await page.getByRole("link", { name: "Email me a login link or code" }).click();
  await expect(page.getByRole("heading", { name: "Sign in with your email" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
  const code = await latestEmailCode(mail, email, /sign-in code/);
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(lessonUrl);
  await signOut(page);

  // 4. Reset: the reset link carries the destination too.
  await deepLink(page, lessonUrl);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  const reset = await latestEmailLink(mail, email, /Reset your Northwind Studio password/);
  await page.goto(reset);
  await page.getByLabel("New password").fill(strong);
  await page.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(page).toHaveURL(lessonUrl);

  // The password change cancelled the link above: the dead-link page says so.
  await stranger.goto(welcome);
  await expect(stranger.getByTestId("dead-link-reason")).toHaveAttribute("data-cause", "password_changed");
  await expect(stranger.getByTestId("dead-link-reason")).toContainText("password of this account was set or changed");
  await looksRight(stranger, "dead-link-password-changed");

  // Never an open redirect: another site or workspace as next is dropped.
  for (const bad of ["https://evil.example/", "//evil.example/x", "/p/other-studio/courses"]) {
    await stranger.goto(`/p/demo/login?next=${encodeURIComponent(bad)}`);
    await stranger.getByLabel("Email").fill(email);
    await stranger.getByLabel("Password").fill(strong);
    await stranger.getByRole("button", { name: "Sign in" }).click();
    await expect(stranger).toHaveURL(/\/p\/demo$/);
    await signOut(stranger);
  }
});

test("preview as learner: the banner pushes the portal down and never covers its menu (1280 px and 390 px)", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await openContact(admin, "lea.dubois@demo.portico.test", "Actions");
  await admin.getByRole("button", { name: "Preview as learner" }).click();
  // The first press sends no reason: wait for the refusal, or its answer could reset the field typed next.
  await expect(admin.getByText("Say why you are previewing")).toBeVisible();
  await admin.getByLabel("Reason (recorded)").fill("Support ticket 913: menu check");
  const [tab] = await Promise.all([admin.context().waitForEvent("page"), admin.getByRole("button", { name: "Preview as learner" }).click()]);
  await expect(tab).toHaveURL(/\/p\/demo$/);
  for (const width of [1280, 390]) {
    // A short window, scrolled a little: a banner stuck to the top would lie over the menu.
    await tab.setViewportSize({ width, height: 400 });
    await tab.evaluate(() => window.scrollTo(0, 24));
    await expect.poll(() => tab.evaluate(() => window.scrollY)).toBe(24);
    const banner = (await tab.getByTestId("preview-banner").boundingBox())!;
    const menu = (await tab.getByRole("navigation", { name: "Portal" }).boundingBox())!;
    expect(menu.y).toBeGreaterThanOrEqual(banner.y + banner.height);
    await tab.evaluate(() => window.scrollTo(0, 0));
    await tab.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Courses" }).click();
    await expect(tab).toHaveURL(/\/p\/demo\/courses$/);
    await tab.screenshot({ path: `test-results/preview-banner-${width}.png`, fullPage: true });
    await tab.goto("/p/demo");
  }
  await tab.getByRole("button", { name: "End preview" }).click();
  await expect(tab).toHaveURL(/\/admin\/demo\/contacts\//);
});
