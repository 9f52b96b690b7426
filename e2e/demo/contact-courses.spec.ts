import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { adminPage, demoState, openContact } from "../helpers";

test("the contact record's Courses tab shows each course's progress for that learner", async ({ browser }) => {
  const { admin: creds, learner } = demoState();
  const admin = await adminPage(browser, creds);
  await openContact(admin, learner.email, "Courses");
  const list = admin.getByTestId("contact-courses");
  await expect(list.getByRole("listitem")).toHaveCount(2);
  const watercolor = list.getByRole("listitem").filter({ hasText: "Foundations of Watercolor" });
  await expect(watercolor).toContainText("has access");
  await expect(watercolor.getByTestId("progress")).toHaveText("29% complete · 2 of 7 lessons completed, 2 opened");
  await expect(list.getByRole("listitem").filter({ hasText: "Studio Business Basics" })).toContainText("has access");
  await admin.screenshot({ path: "test-results/contact-courses.png", fullPage: true });
  const results = await new AxeBuilder({ page: admin }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await admin.setViewportSize({ width: 390, height: 844 });
  expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await admin.screenshot({ path: "test-results/contact-courses-phone.png", fullPage: true });

});
