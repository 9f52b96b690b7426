import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminPage, demoState } from "../helpers";

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
}

// Studio Business Basics' "Selling online" (Foundations of Watercolor stays open for enrollment.spec); set back to "at once" at the end.
test("drip: the admin sets a category to open 30 days after access; the learner sees it locked with its date, the server refuses it, and it opens when set back", async ({ browser }) => {
  const { admin: creds, learner: dana } = demoState();
  const admin = await adminPage(browser, creds);
  await admin.goto("/admin/demo/courses");
  await admin.getByTestId("courses-list").getByRole("link", { name: /Studio Business Basics/ }).first().click();
  const selling = admin.getByTestId("outline").locator("section").filter({ has: admin.locator('input[value="Selling online"]') });
  const openDrip = () => selling.locator("details").evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await openDrip();
  await selling.getByLabel("When “Selling online” opens").selectOption("days");
  await selling.getByLabel("Days", { exact: true }).fill("30");
  await selling.getByRole("button", { name: "Save drip" }).click();
  await expect(admin.getByText("“Selling online” now opens 30 days after access.")).toBeVisible();
  await expect(selling.getByText("Drip: opens 30 days after access")).toBeVisible();
  await admin.screenshot({ path: "test-results/drip-outline.png", fullPage: true });
  await expectAccessible(admin);

  const page = await (await browser.newContext()).newPage();
  await page.goto("/p/demo/login");
  await page.getByLabel("Email").fill(dana.email);
  await page.getByLabel("Password").fill(dana.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/p\/demo$/);
  await page.goto("/p/demo/courses/studio-business");
  await expect(page.getByRole("heading", { name: /Selling online/ })).toContainText("opens");
  await expect(page.getByTestId("locked-lesson")).toHaveCount(2);
  await expect(page.getByTestId("locked-lesson").first()).toContainText(/Your first shop\s*Opens \d{4}-\d{2}-\d{2}/);
  await page.screenshot({ path: "test-results/drip-course.png", fullPage: true });
  await expectAccessible(page);

  // The lesson itself, opened by its address: locked, no way to complete it.
  await page.goto("/p/demo/courses/studio-business");
  await page.getByRole("link", { name: /Commissions/ }).click();
  const nav = page.getByRole("navigation", { name: "Course contents" });
  await expect(nav.getByRole("link", { name: /Your first shop.*locked/ })).toBeVisible();
  await nav.getByRole("link", { name: /Your first shop/ }).click();
  await expect(page.getByTestId("lesson-locked")).toContainText(/This lesson opens \d{4}-\d{2}-\d{2}/);
  await expect(page.getByRole("button", { name: /Mark (in)?complete/ })).toHaveCount(0);
  await expect(page.getByTestId("lesson-body")).toHaveCount(0);
  const lockedUrl = page.url();
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/drip-lesson-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Set back to "at once": the same page (possibly cached) shows the lesson.
  await openDrip();
  await selling.getByLabel("When “Selling online” opens").selectOption("none");
  await selling.getByRole("button", { name: "Save drip" }).click();
  await expect(admin.getByText("“Selling online” now opens at once.")).toBeVisible();
  await page.goto(lockedUrl);
  await expect(page.getByTestId("lesson-body")).toBeVisible();
  await expect(page.getByTestId("lesson-locked")).toHaveCount(0);
});
