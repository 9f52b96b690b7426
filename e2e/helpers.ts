import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";
import fs from "node:fs";

export const DEMO_STATE = "test-results/demo-state.json";
export type DemoState = { admin: { email: string; password: string }; learner: { email: string; password: string } };
export const demoState = (): DemoState => JSON.parse(fs.readFileSync(DEMO_STATE, "utf8"));

/** Opens the newest dev-mailbox email to `to` with a matching subject, as a person would. */
export async function openLatestEmail(page: Page, to: string, subject: RegExp): Promise<void> {
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(page.getByTestId("mailbox").getByRole("link").filter({ hasText: to }).filter({ hasText: subject }).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await page.getByTestId("mailbox").getByRole("link").filter({ hasText: to }).filter({ hasText: subject }).first().click();
  // The list has an h1 too: wait for the message's own address before reading anything.
  await expect(page).toHaveURL(/\/dev\/mailbox\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

/** The first link of the newest matching email. */
export async function latestEmailLink(page: Page, to: string, subject: RegExp): Promise<string> {
  await openLatestEmail(page, to, subject);
  return (await page.getByTestId("mail-links").getByRole("link").first().getAttribute("href"))!;
}

/** The 6-digit code in the newest matching email's plain text. */
export async function latestEmailCode(page: Page, to: string, subject: RegExp): Promise<string> {
  await openLatestEmail(page, to, subject);
  const text = await page.getByTestId("mail-text").textContent();
  return text!.match(/\b(\d{6})\b/)![1]!;
}

/** Signs the demo learner in on `page` by password and waits for the portal home. */
export async function signInDemoLearner(page: Page): Promise<void> {
  const { learner } = demoState();
  await page.goto("/p/demo/login");
  await page.getByLabel("Email").fill(learner.email);
  await page.getByLabel("Password").fill(learner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/p\/demo$/);
}

/** A signed-in admin page in a browser context of its own. */
export async function adminPage(browser: Browser, creds: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password").fill(creds.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/(?!login)[a-z0-9-]+$/);
  return page;
}

/** Opens a demo contact's record (found through the list's search) on one of its tabs. */
export async function openContact(admin: Page, email: string, tab = "Overview"): Promise<void> {
  await admin.goto(`/admin/demo/contacts?q=${encodeURIComponent(email.split("@")[0]!)}`);
  await admin.getByTestId("contacts-table").getByRole("row").filter({ hasText: email }).getByRole("link").click();
  await expect(admin.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(admin.getByText(email).first()).toBeVisible();
  if (tab !== "Overview") await contactTab(admin, tab);
}

/** Switches the contact record to a tab (Overview, Offers, Groups, Actions, Links, Emails, Activity). */
export async function contactTab(admin: Page, tab: string): Promise<void> {
  await admin.getByRole("navigation", { name: "Contact sections" }).getByRole("link", { name: tab }).click();
  await expect(admin.getByRole("navigation", { name: "Contact sections" }).getByRole("link", { name: tab })).toHaveAttribute("aria-current", "page");
  await admin.waitForLoadState("networkidle");
}

export async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

/** A screenshot at 1280 and at 390 px, axe at both; at 390 the page does not scroll sideways. */
export async function shots(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `test-results/${name}-1280.png`, fullPage: true });
  await expectAccessible(page, `${name} at 1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `test-results/${name}-390.png`, fullPage: true });
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  await expectAccessible(page, `${name} at 390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}
