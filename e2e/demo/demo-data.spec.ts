import { expect, test } from "@playwright/test";
import { demoState } from "../helpers";

test("demo data: the demo learner signs in and sees their courses; sessions stay in their realm and workspace", async ({ page, browser }) => {
  const { admin: adminCreds, learner } = demoState();
  const [adminEmail, adminPassword, learnerEmail, learnerPassword] = [adminCreds.email, adminCreds.password, learner.email, learner.password];
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/admin\/login$/);

  // The learner signs in to the demo portal.
  await page.goto("/p/demo/login");
  await page.getByLabel("Email").fill(learnerEmail);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("main [role=alert]")).toContainText("Email or password is incorrect.");
  await expect(page.getByLabel("Password")).toHaveValue("");
  await page.getByLabel("Password").fill(learnerPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/p\/demo$/);
  const courses = page.getByTestId("my-courses");
  await expect(courses.getByRole("heading", { level: 3 })).toHaveText(["Foundations of Watercolor", "Studio Business Basics"]);
  await expect(courses).toContainText("29% complete");
  await page.screenshot({ path: "test-results/portal-home.png", fullPage: true });

  // A learner session never opens the dashboard.
  await page.goto("/admin/demo");
  await expect(page).toHaveURL(/\/admin\/login$/);

  // The admin (another browser) creates a second workspace.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto("/admin/login");
  await admin.getByLabel("Email").fill(adminEmail);
  await admin.getByLabel("Password").fill(adminPassword);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo$/);
  await expect(admin.getByTestId("workspace-name")).toHaveText("Northwind Studio");
  await admin.screenshot({ path: "test-results/admin-home.png", fullPage: true });
  await admin.getByRole("link", { name: "New workspace" }).click();
  await admin.getByLabel("Business name").fill("Other Studio");
  await admin.getByRole("button", { name: "Create workspace" }).click();
  await expect(admin).toHaveURL(/\/admin\/other-studio$/);
  await admin.getByRole("button", { name: /^Switch workspace/ }).click();
  await admin.getByRole("menuitem", { name: "Northwind Studio" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo$/);
  await adminContext.close();

  // The demo learner's session does not open the other workspace's portal.
  await page.goto("/p/other-studio");
  await expect(page).toHaveURL(/\/p\/other-studio\/login$/);
  const missing = await page.goto("/p/no-such-workspace");
  expect(missing?.status()).toBe(404);
  await page.goto("/p/demo");
  await expect(page.getByTestId("my-courses")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/p\/demo\/login\?signed_out=1$/);
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await page.goto("/p/demo");
  await expect(page).toHaveURL(/\/p\/demo\/login$/);
});
