import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminPage, demoState } from "../helpers";

async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

/** Nothing wider than the screen, at 1280 px and 390 px, with a screenshot of each. */
async function atBothWidths(page: Page, shot: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/${shot}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

// Dashboard edit forms show what was saved, and a save changes only what the admin touched
// (React 19 resets a form after its action; a <select> went back to the value of the first load).

/** The save's toast appeared; dismissed so the next save's toast is a new one. */
async function saved(page: Page, message: string) {
  const toast = page.getByTestId("toast").filter({ hasText: message });
  await expect(toast).toBeVisible();
  await toast.getByRole("button", { name: "Dismiss" }).click();
  await expect(toast).toHaveCount(0);
}

test("an offer saved after publishing stays published; editing only its description changes nothing else; a failed save keeps the choices", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  const slug = `forms-offer-${Date.now()}`;
  await admin.goto("/admin/demo/offers");
  await admin.getByLabel("Title").fill("Forms Offer");
  await admin.getByLabel("Checkout address").fill(slug);
  await admin.getByRole("checkbox", { name: "Foundations of Watercolor", exact: true }).check();
  await admin.getByRole("button", { name: "Create offer" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/offers\/[0-9a-f-]{36}$/);

  const status = admin.getByLabel("Status");
  const description = admin.getByLabel("Description");
  const course = admin.getByRole("checkbox", { name: "Foundations of Watercolor", exact: true });
  await expect(status).toHaveValue("draft");
  await status.selectOption("published");
  await admin.getByRole("button", { name: "Save offer" }).click();
  await expect(admin.getByTestId("toast").filter({ hasText: "Offer saved." })).toBeVisible();
  await expect(status).toHaveValue("published");
  // The form was drawn afresh from the saved offer; the focus is back on its button.
  await expect(admin.getByRole("button", { name: "Save offer" })).toBeFocused();
  await saved(admin, "Offer saved.");
  await expect(status).toHaveValue("published");
  await expect(admin.getByTestId("checkout-link")).toBeVisible();
  await expectAccessible(admin, "offer after save");
  await atBothWidths(admin, "offer-saved");

  // Only the description: the offer stays published, with its course.
  await description.fill("Now with a description.");
  await admin.getByRole("button", { name: "Save offer" }).click();
  await saved(admin, "Offer saved.");
  await expect(status).toHaveValue("published");
  await admin.reload();
  await expect(status).toHaveValue("published");
  await expect(description).toHaveValue("Now with a description.");
  await expect(course).toBeChecked();
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/p/demo/checkout/${slug}`);
  await expect(visitor.getByRole("heading", { name: "Forms Offer" })).toBeVisible();

  // A failed save keeps every choice made (a select and a box included), and nothing is saved.
  await status.selectOption("draft");
  await course.uncheck();
  await admin.getByLabel("Price").fill("lots");
  await admin.getByRole("button", { name: "Save offer" }).click();
  await expect(admin.getByText("Please correct the highlighted fields.")).toBeVisible();
  await expect(admin.getByLabel("Price")).toHaveValue("lots");
  await expect(status).toHaveValue("draft");
  await expect(course).not.toBeChecked();
  await admin.getByLabel("Price").fill("12");
  await admin.getByRole("button", { name: "Save offer" }).click();
  await saved(admin, "Offer saved.");
  await expect(admin.getByLabel("Price")).toHaveValue("12.00");
  await admin.reload();
  await expect(status).toHaveValue("draft");
  await expect(course).not.toBeChecked();
  await expect(description).toHaveValue("Now with a description.");
});

test("a course's Published box shows what was saved, survives a description-only save, and a failed save keeps it as ticked", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/courses");
  await admin.getByLabel("Title").fill("Forms Course");
  await admin.getByLabel("Address").fill(`forms-course-${Date.now()}`);
  await admin.getByRole("button", { name: "Create course" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/courses\/[0-9a-f-]{36}$/);

  const published = admin.getByRole("checkbox", { name: /Published/ });
  await expect(published).not.toBeChecked();
  await published.check();
  await admin.getByRole("button", { name: "Save course" }).click();
  await saved(admin, "Course saved.");
  await expect(published).toBeChecked();
  await admin.getByLabel("Description").fill("Edited alone.");
  await admin.getByRole("button", { name: "Save course" }).click();
  await saved(admin, "Course saved.");
  await admin.reload();
  await expect(published).toBeChecked();
  await expect(admin.getByLabel("Description")).toHaveValue("Edited alone.");

  await published.uncheck();
  await admin.getByLabel("Cover image URL").fill("not a link");
  await admin.getByRole("button", { name: "Save course" }).click();
  await expect(admin.getByText("Please correct the highlighted fields.")).toBeVisible();
  await expect(published).not.toBeChecked();
  await admin.getByLabel("Cover image URL").fill("");
  await admin.getByRole("button", { name: "Save course" }).click();
  await saved(admin, "Course saved.");
  await admin.reload();
  await expect(published).not.toBeChecked();
});

test("team roles: a failed invite keeps the chosen role; a changed role shows the role now held, after the save and after a reload", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  const email = `forms.teammate.${Date.now()}@example.com`;
  await admin.goto("/admin/demo/settings/team");
  await admin.getByLabel("Email").fill("not-an-email");
  await admin.getByLabel("Name").fill("Forms Teammate");
  await admin.getByLabel("Role", { exact: true }).selectOption("admin");
  await admin.getByRole("button", { name: "Invite team member" }).click();
  await expect(admin.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(admin.getByLabel("Role", { exact: true })).toHaveValue("admin");
  await admin.getByLabel("Email").fill(email);
  await admin.getByRole("button", { name: "Invite team member" }).click();
  const row = admin.getByTestId("team").locator("> li").filter({ hasText: email });
  await expect(row).toContainText("admin");

  const role = admin.getByLabel("Role of Forms Teammate", { exact: true });
  await expect(role).toHaveValue("admin");
  await role.selectOption("member");
  await admin.getByRole("button", { name: "Change role of Forms Teammate" }).click();
  await expect(row.getByText("member", { exact: true })).toBeVisible();
  await expect(role).toHaveValue("member");
  await admin.reload();
  await expect(role).toHaveValue("member");

  // Removing asks first, in the dashboard's own dialog: Cancel keeps them, Remove removes them.
  await row.getByRole("button", { name: "Remove Forms Teammate" }).click();
  const confirm = admin.getByRole("alertdialog", { name: "Remove Forms Teammate from this workspace's team?" });
  await expect(confirm).toContainText("They lose access to its dashboard at once.");
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectAccessible(admin, "remove confirmation");
  await atBothWidths(admin, "confirm-remove");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("button", { name: "Remove Forms Teammate" })).toBeFocused();
  await row.getByRole("button", { name: "Remove Forms Teammate" }).click();
  await admin.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Remove Forms Teammate" }).click();
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);
});

test("the Invite dialog keeps the chosen offer and group after a refused address", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.waitForLoadState("networkidle");
  await admin.getByRole("button", { name: "Invite" }).click();
  const dialog = admin.getByRole("dialog", { name: "Invite to the portal" });
  await dialog.getByLabel("Grant an offer").selectOption({ label: "Watercolor Starter" });
  await dialog.getByLabel("Add to a group").selectOption({ label: "Studio Circle" });
  await dialog.getByLabel("First name").fill("Kept");
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
  await expect(dialog.getByLabel("Grant an offer")).toHaveValue(/[0-9a-f-]{36}/);
  await expect(dialog.getByLabel("Grant an offer").locator("option:checked")).toHaveText("Watercolor Starter");
  await expect(dialog.getByLabel("Add to a group").locator("option:checked")).toHaveText("Studio Circle");
  await expect(dialog.getByLabel("First name")).toHaveValue("Kept");
});
