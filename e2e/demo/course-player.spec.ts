import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInDemoLearner } from "../helpers";

/** No serious or critical axe violations on the page as it is now. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
}

const contents = (page: Page) => page.getByRole("navigation", { name: "Course contents" });

// Studio Business Basics: the demo learner has not started it (Foundations of Watercolor keeps its seeded 29 % for demo-data.spec).
test("course player: curriculum sidebar, Resume, Mark incomplete and the completion moment", async ({ page }) => {
  await signInDemoLearner(page);
  const cards = page.getByTestId("my-courses");
  await expect(cards.getByRole("link", { name: "Resume Foundations of Watercolor" })).toBeVisible();
  await expect(cards.getByRole("link", { name: "Resume Studio Business Basics" })).toHaveCount(0);

  await cards.getByRole("link", { name: /Studio Business Basics/ }).first().click();
  await expect(page.getByTestId("resume")).toHaveCount(0);
  await page.getByRole("link", { name: "Start the course" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What is your time worth?");
  await expect(contents(page).getByRole("heading", { level: 2 })).toHaveText(["Pricing", "Selling online"]);
  await expect(contents(page).getByRole("link")).toHaveCount(4);
  await expect(contents(page).locator("[aria-current=page]")).toHaveText(/What is your time worth\?/);
  await expect(contents(page)).toContainText("0 of 4 done");
  await page.screenshot({ path: "test-results/course-player-lesson.png", fullPage: true });
  await expectAccessible(page);

  await page.getByRole("button", { name: "Mark complete" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Commissions");
  await expect(contents(page).getByRole("link", { name: /What is your time worth\?.*completed/ })).toBeVisible();
  await expect(contents(page).locator("[aria-current=page]")).toHaveText(/Commissions/);
  await expect(contents(page)).toContainText("1 of 4 done");

  // Resume: the lesson opened last, on the course page and on the card.
  await page.goto("/p/demo/courses/studio-business");
  await expect(page.getByTestId("resume")).toHaveText("Resume: Commissions");
  await page.goto("/p/demo");
  await cards.getByRole("link", { name: "Resume Studio Business Basics" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Commissions");

  // Mark incomplete, from the sidebar's first lesson.
  await contents(page).getByRole("link", { name: /What is your time worth\?/ }).click();
  await expect(page.getByTestId("lesson-done")).toBeVisible();
  await page.getByRole("button", { name: "Mark incomplete" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Marked as not completed." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark complete" })).toBeVisible();
  await expect(contents(page).getByRole("link", { name: /What is your time worth\?.*not completed/ })).toBeVisible();
  await expect(contents(page)).toContainText("0 of 4 done");

  // Every lesson done: the course page says so, with what to do next.
  for (const next of ["Commissions", "Your first shop", "Email newsletters"]) {
    await page.getByRole("button", { name: "Mark complete" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(next);
  }
  await expect(page.getByTestId("course-complete")).toHaveCount(0);
  await page.getByRole("button", { name: "Mark complete" }).click();
  await expect(page).toHaveURL(/\/courses\/studio-business\?completed=/);
  const done = page.getByTestId("course-complete");
  await expect(done.getByRole("heading", { name: "You finished Studio Business Basics!" })).toBeVisible();
  await expect(done.getByTestId("my-courses").getByRole("heading", { level: 3 })).toHaveText(["Foundations of Watercolor"]);
  await expect(done.getByRole("link", { name: "Resume Foundations of Watercolor" })).toBeVisible();
  await expect(done.getByTestId("my-groups")).toContainText("Studio Circle");
  await expect(page.getByTestId("progress").first()).toContainText("100% complete · 4 of 4 lessons");
  await page.screenshot({ path: "test-results/course-player-complete.png", fullPage: true });
  await expectAccessible(page);

  // On a phone the sidebar folds into one button, and nothing is wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(done).toBeVisible();
  await page.screenshot({ path: "test-results/course-player-complete-phone.png", fullPage: true });
  await expectAccessible(page);
  await page.getByRole("link", { name: /Commissions/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Commissions");
  const toggle = contents(page).getByRole("button", { name: /Course contents/ });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(contents(page).getByRole("link")).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/course-player-lesson-phone.png", fullPage: true });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(contents(page).getByRole("link")).toHaveCount(4);
  await expect(contents(page).locator("[aria-current=page]")).toHaveText(/Commissions/);
  await page.screenshot({ path: "test-results/course-player-sidebar-phone.png", fullPage: true });
  await expectAccessible(page);
});
