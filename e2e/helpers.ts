import { expect, type Page } from "@playwright/test";

/** Opens the newest dev-mailbox email to `to` and returns its first link, as a person would. */
export async function latestEmailLink(page: Page, to: string, subject: RegExp): Promise<string> {
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(page.getByTestId("mailbox").getByRole("link").filter({ hasText: to }).filter({ hasText: subject }).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await page.getByTestId("mailbox").getByRole("link").filter({ hasText: to }).filter({ hasText: subject }).first().click();
  const link = page.getByTestId("mail-links").getByRole("link").first();
  return (await link.getAttribute("href"))!;
}
