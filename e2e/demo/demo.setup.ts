import { expect, test as setup } from "@playwright/test";
import fs from "node:fs";
import { DEMO_STATE, type DemoState } from "../helpers";

/** Loads the demo data through the first-run page and keeps the credentials it shows once. */
setup("load demo data", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByTestId("demo-credentials")).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: "test-results/demo-credentials.png", fullPage: true });
  const state: DemoState = {
    admin: { email: (await page.getByTestId("demo-admin-email").textContent())!, password: (await page.getByTestId("demo-admin-password").textContent())! },
    learner: { email: (await page.getByTestId("demo-learner-email").textContent())!, password: (await page.getByTestId("demo-learner-password").textContent())! },
  };
  fs.mkdirSync("test-results", { recursive: true });
  fs.writeFileSync(DEMO_STATE, JSON.stringify(state));
});
