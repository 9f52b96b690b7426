/**
 * The workflow builder (SPEC §8): an admin builds "Offer Access Granted (All-Access Pass) →
 * Send email → Add to group" with mouse and keyboard, sees a field's error beside it, saves,
 * turns it on, edits it into version 2, restores version 1, and starts from recipes.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminPage, demoState } from "../helpers";

async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

test.afterAll(async ({ browser }) => {
  // The workflow built here fires on All-Access Pass grants: no spec that shares the demo workspace may meet it.
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/workflows");
  const del = admin.getByRole("button", { name: "Delete Welcome All-Access", exact: true });
  if (await del.count()) {
    await del.first().click();
    await admin.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
    await expect(admin.getByTestId("toast")).toContainText("deleted");
  }
});

const steps = (page: Page) => page.getByTestId("workflow-steps").locator(":scope > li");

async function addStep(page: Page, label: string) {
  await page.getByLabel("Add a step").selectOption({ label });
  await page.getByRole("button", { name: "Add step" }).click();
}

test("an admin builds, saves, turns on and versions a workflow; errors sit beside their field", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Workflows" }).click();
  await expect(admin.getByRole("heading", { name: "No workflows yet" })).toBeVisible();
  await expect(admin.getByTestId("recipes").locator("li")).toHaveCount(4);
  await expectAccessible(admin, "empty workflows");
  await admin.screenshot({ path: "test-results/workflows-empty.png", fullPage: true });

  // With no templates yet (when this spec runs alone) the email step says so and links to where one is made;
  // other specs may have made some in the shared demo workspace by now.
  await admin.getByRole("link", { name: "New workflow" }).click();
  await addStep(admin, "Send email");
  const none = steps(admin).first().getByText("No email templates yet.");
  if (await none.isVisible()) await steps(admin).first().getByRole("link", { name: "Create a template" }).click();
  else await admin.goto("/admin/demo/emails/templates");
  await expect(admin.getByRole("heading", { name: "Email templates" })).toBeVisible();
  await admin.getByLabel("Name (only admins see it)").fill("Welcome aboard");
  await admin.getByLabel("Subject").fill("Welcome to {{offer.title}}");
  await admin.getByRole("button", { name: "Create template" }).click();
  await expect(admin).toHaveURL(/\/emails\/templates\/[0-9a-f-]{36}$/);

  await admin.goto("/admin/demo/workflows/new");
  await admin.getByLabel("Name", { exact: true }).fill("Welcome All-Access");
  await admin.getByLabel("Trigger").selectOption({ label: "Offer Access Granted" });
  await admin.getByLabel("Offer", { exact: true }).selectOption({ label: "All-Access Pass" });
  await addStep(admin, "Send email");
  // The new step's first setting has the focus: pick the template with the keyboard.
  await expect(admin.getByLabel("Email template")).toBeFocused();
  await admin.getByLabel("Email template").selectOption({ label: "Welcome aboard" });
  await addStep(admin, "Add to group");
  await addStep(admin, "Wait");
  await expect(steps(admin)).toHaveCount(3);

  // Reorder with the keyboard: the focus follows the moved step.
  await steps(admin).nth(2).getByRole("button", { name: "Move step 3 up" }).focus();
  await admin.keyboard.press("Enter");
  await expect(steps(admin).nth(1)).toHaveAccessibleName("Step 2: Wait");
  await expect(admin.getByRole("button", { name: "Move step 2 up" })).toBeFocused();
  await admin.keyboard.press("Enter");
  await expect(steps(admin).first()).toHaveAccessibleName("Step 1: Wait");
  await admin.getByRole("button", { name: "Remove step 1" }).press("Enter");
  await expect(steps(admin)).toHaveCount(2);
  await expect(steps(admin).nth(0)).toHaveAccessibleName("Step 1: Send email");
  await expect(steps(admin).nth(1)).toHaveAccessibleName("Step 2: Add to group");

  // No group chosen: the error is next to the group picker, listed at the top, and nothing typed is lost.
  await admin.getByRole("button", { name: "Create workflow" }).click();
  const group = steps(admin).nth(1).getByLabel("Group");
  await expect(group).toHaveAttribute("aria-invalid", "true");
  await expect(group).toHaveAccessibleDescription("Choose a group.");
  await expect(admin.getByTestId("workflow-errors")).toContainText("Step 2: Choose a group.");
  await expect(admin.getByLabel("Name", { exact: true })).toHaveValue("Welcome All-Access");
  await expect(admin.getByLabel("Email template").locator("option:checked")).toHaveText("Welcome aboard");
  await expect(admin.getByLabel("Offer", { exact: true }).locator("option:checked")).toHaveText("All-Access Pass");
  await expectAccessible(admin, "builder with errors");
  await admin.screenshot({ path: "test-results/workflows-builder-errors.png", fullPage: true });

  await group.selectOption({ label: "Studio Circle" });
  await admin.getByRole("button", { name: "Create workflow" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/workflows\/[0-9a-f-]{36}$/);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Welcome All-Access");
  await expect(admin.getByTestId("workflow-versions").locator("li")).toHaveCount(1);
  const url = admin.url();

  // Listed, turned on from the list.
  await admin.goto("/admin/demo/workflows");
  const row = admin.getByTestId("workflows-table").getByRole("row").filter({ hasText: "Welcome All-Access" });
  await expect(row).toContainText("Offer Access Granted");
  await expect(row).toContainText("All-Access Pass");
  const on = row.getByRole("switch", { name: "Welcome All-Access enabled" });
  await expect(on).toHaveAttribute("aria-checked", "false");
  await on.click();
  await expect(admin.getByTestId("toast")).toContainText("“Welcome All-Access” is on");
  await expect(on).toHaveAttribute("aria-checked", "true");
  await expectAccessible(admin, "workflows list");
  await admin.screenshot({ path: "test-results/workflows-list.png", fullPage: true });

  // Edited: version 2, both in Versions; then version 1 restored as version 3.
  await admin.goto(url);
  await admin.getByLabel("Name", { exact: true }).fill("Welcome All-Access members");
  await admin.getByRole("button", { name: "Save workflow" }).click();
  await expect(admin.getByTestId("toast")).toContainText("Workflow saved as version 2.");
  const versions = admin.getByTestId("workflow-versions");
  await expect(versions.locator("li")).toHaveCount(2);
  await expect(versions.locator("li").first()).toContainText("Version 2");
  await expect(versions.locator("li").first()).toContainText("current");
  await expectAccessible(admin, "workflow page");
  await admin.screenshot({ path: "test-results/workflows-edit.png", fullPage: true });
  await versions.getByRole("button", { name: "Restore version 1" }).click();
  await admin.getByTestId("confirm-dialog").getByRole("button", { name: "Restore" }).click();
  await expect(admin.getByTestId("toast").filter({ hasText: "Version 1 restored as version 3." })).toBeVisible();
  await expect(versions.locator("li").first()).toContainText("restored from version 1");
  await expect(admin.getByLabel("Name", { exact: true })).toHaveValue("Welcome All-Access");

  // An SMS with a field that does not exist is refused at its own field.
  await addStep(admin, "Send SMS");
  await admin.getByLabel("Message").fill("Hi {{contact.nickname}}: {{login_url}}");
  await admin.getByRole("button", { name: "Save workflow" }).click();
  await expect(admin.getByLabel("Message")).toHaveAccessibleDescription(/Unknown field: \{\{contact\.nickname\}\}/);
});

test("recipes: one click creates a workflow turned off; one with choices left opens the builder prefilled", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/workflows");
  await admin.getByRole("button", { name: "Use recipe: Offer Access Granted → Send Membership Welcome Email" }).click();
  await expect(admin).toHaveURL(/\/workflows\/[0-9a-f-]{36}\?from=recipe$/);
  await expect(admin.getByText("Created from a recipe and turned off")).toBeVisible();
  await expect(admin.getByRole("switch", { name: "Welcome new members enabled" })).toHaveAttribute("aria-checked", "false");
  await expect(steps(admin).first()).toHaveAccessibleName("Step 1: Send membership welcome email");

  await admin.goto("/admin/demo/workflows");
  await admin.getByRole("link", { name: "Open recipe in the builder: Lesson Completed (last lesson) → grant the next offer" }).click();
  await expect(admin.getByLabel("Trigger").locator("option:checked")).toHaveText("Lesson Completed");
  await expect(steps(admin).first()).toHaveAccessibleName("Step 1: Grant offer");

  // Deleting asks first, saying what goes with it.
  await admin.goto("/admin/demo/workflows");
  await admin.getByRole("button", { name: "Delete Welcome new members" }).click();
  await expect(admin.getByTestId("confirm-dialog")).toContainText("It has no runs yet.");
  await admin.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
  await expect(admin.getByTestId("toast")).toContainText("“Welcome new members” deleted.");
  await expect(admin.getByTestId("workflows-table").getByRole("row").filter({ hasText: "Welcome new members" })).toHaveCount(0);
});

test("the builder and the list at phone width", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(demoState().admin.email);
  await page.getByLabel("Password").fill(demoState().admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/demo$/);
  await page.goto("/admin/demo/workflows");
  await expect(page.getByTestId("workflows-table")).toBeVisible();
  await page.screenshot({ path: "test-results/workflows-list-390.png", fullPage: true });
  // The table scrolls inside its box; the page itself does not scroll sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.getByTestId("workflows-table").getByRole("link", { name: "Welcome All-Access", exact: true }).click();
  await expect(page.getByTestId("workflow-steps")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await expectAccessible(page, "workflow page at 390");
  await page.screenshot({ path: "test-results/workflows-builder-390.png", fullPage: true });
});
