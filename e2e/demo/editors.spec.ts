import { expect, test } from "@playwright/test";
import { adminPage, demoState } from "../helpers";

test("dashboard editors open with what belongs to each record", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/courses");
  await expect(admin.getByTestId("courses-list").locator("li").filter({ hasText: "Foundations of Watercolor" })).toContainText("7 lessons");
  await admin.getByRole("link", { name: "Foundations of Watercolor" }).click();
  await expect(admin.getByTestId("outline").getByText("Flat washes")).toBeVisible();
  await admin.getByRole("link", { name: "Edit Flat washes" }).click();
  await expect(admin.getByLabel("Lesson text (Markdown)")).toHaveValue(/laying an even wash/);

  await admin.goto("/admin/demo/offers");
  await expect(admin.getByTestId("offers-table").getByRole("row").filter({ hasText: "All-Access Pass" })).toContainText("$199.00");
  await admin.getByRole("link", { name: "All-Access Pass" }).click();
  await expect(admin.getByTestId("checkout-link")).toHaveValue(/\/p\/demo\/checkout\/all-access$/);

  await admin.goto("/admin/demo/groups");
  await admin.getByRole("link", { name: "Studio Circle" }).click();
  await expect(admin.getByTestId("members")).toContainText("dana@demo.portico.test");
});
