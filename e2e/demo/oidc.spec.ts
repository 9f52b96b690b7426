import { expect, test, type Page } from "@playwright/test";
import { adminPage, demoState } from "../helpers";

const D = "demo.portico.test";

async function providerWillSignIn(email: string, verified: boolean) {
  const res = await fetch("http://localhost:3291/__identity", { method: "POST", body: JSON.stringify({ email, email_verified: verified }) });
  expect(res.status).toBe(204);
}

async function continueWithSso(page: Page) {
  await page.goto("/p/demo/login");
  await page.getByRole("button", { name: "Continue with Test SSO" }).click();
}

test("OIDC signs in an existing contact with a verified email, and never creates or takes over one", async ({ browser }) => {
  const fresh = async () => (await browser.newContext()).newPage();

  const unverified = await fresh();
  await providerWillSignIn(`fatima.zahra@${D}`, false);
  await continueWithSso(unverified);
  await expect(unverified).toHaveURL(/\/p\/demo\/login\?error=oidc$/);
  await expect(unverified.locator("main [role=alert]")).toContainText("could not sign you in with that account");
  await unverified.goto("/p/demo");
  await expect(unverified).toHaveURL(/\/p\/demo\/login$/);

  const stranger = await fresh();
  await providerWillSignIn(`stranger@${D}`, true);
  await continueWithSso(stranger);
  await expect(stranger).toHaveURL(/\/p\/demo\/login\?error=oidc$/);

  const noAccess = await fresh();
  await providerWillSignIn(`olga.ivanova@${D}`, true);
  await continueWithSso(noAccess);
  await expect(noAccess).toHaveURL(/\/p\/demo\/login\?error=oidc$/);

  const fatima = await fresh();
  await providerWillSignIn(`Fatima.Zahra@${D}`, true);
  await continueWithSso(fatima);
  await expect(fatima).toHaveURL(/\/p\/demo$/);
  await expect(fatima.getByRole("heading", { name: "Welcome, Fatima" })).toBeVisible();

  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/contacts?q=stranger");
  await expect(admin.getByText("No contact matches these filters.")).toBeVisible();
});

test("OIDC keeps a deep link: a signed-out learner opening a page lands back on it after the provider, and a hostile next goes home", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/p/demo/courses");
  await expect(page).toHaveURL(/\/p\/demo\/login\?next=%2Fp%2Fdemo%2Fcourses$/);
  await providerWillSignIn(`fatima.zahra@${D}`, true);
  await page.getByRole("button", { name: "Continue with Test SSO" }).click();
  await expect(page).toHaveURL(/\/p\/demo\/courses$/);

  const other = await (await browser.newContext()).newPage();
  await other.goto(`/p/demo/login?next=${encodeURIComponent("https://evil.example/p/demo/courses")}`);
  await providerWillSignIn(`fatima.zahra@${D}`, true);
  await other.getByRole("button", { name: "Continue with Test SSO" }).click();
  await expect(other).toHaveURL(/\/p\/demo$/);
});
