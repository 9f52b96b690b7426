import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { adminPage, demoState } from "../helpers";

const D = "demo.portico.test";
const NO_ACCESS = "no active offer or group, so a login link would not let them in";

async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

async function pick(dialog: Locator, label: string, typed: string, name: RegExp) {
  const box = dialog.getByRole("combobox", { name: label });
  await box.pressSequentially(typed);
  await dialog.getByRole("listbox", { name: "Matching contacts" }).getByRole("option", { name }).click();
}

test("Send Login Email names who is skipped and why, before sending (the button counts only the others) and on the send's page", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.waitForLoadState("networkidle");
  await admin.getByRole("button", { name: "Send Login Email" }).click();
  const dialog = admin.getByRole("dialog", { name: "Send login email" });
  await pick(dialog, "Contacts", "dana@", /Dana Learner/);
  await pick(dialog, "Contacts", "kenji", /Kenji Sato/);
  await expect(dialog.getByTestId("login-email-skipped")).toContainText("1 contact will be skipped:");
  await expect(dialog.getByTestId("login-email-skipped")).toContainText(`Kenji Sato <kenji.sato@${D}>: ${NO_ACCESS}`);
  await expect(dialog.getByRole("button", { name: "Send to 1 contact" })).toBeEnabled();
  await expectAccessible(admin, "send login email dialog");
  await admin.screenshot({ path: "test-results/send-login-email-skipped.png" });
  await dialog.getByRole("button", { name: "Send to 1 contact" }).click();

  await expect(admin).toHaveURL(/\/admin\/demo\/emails\/bulk\/[0-9a-f-]{36}$/);
  await expect(admin.getByRole("heading", { name: "Login emails to 1 contact" })).toBeVisible();
  const skipped = admin.getByTestId("bulk-skipped");
  await expect(skipped.getByRole("heading", { name: "1 skipped" })).toBeVisible();
  await expect(skipped).toContainText("Of the 2 contacts chosen, these got no email:");
  await expect(skipped).toContainText(`Kenji Sato · kenji.sato@${D}${NO_ACCESS}`);
  await expect(skipped.getByRole("link", { name: "Kenji Sato" })).toHaveAttribute("href", /\/admin\/demo\/contacts\/[0-9a-f-]{36}$/);
  await expectAccessible(admin, "bulk send page");
  for (const width of [1280, 390]) {
    await admin.setViewportSize({ width, height: 900 });
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await admin.screenshot({ path: `test-results/bulk-skipped-${width}.png`, fullPage: true });
  }
});

test("bulk actions on the contact list ask first in the dashboard's dialog, with the count and who an email skips", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/contacts");
  await admin.waitForLoadState("networkidle");
  await admin.getByRole("checkbox", { name: "Select Kenji Sato" }).check();
  await admin.getByRole("checkbox", { name: "Select Olga Ivanova" }).check();
  const count = 2;
  await admin.getByLabel("Action", { exact: true }).selectOption({ label: "Send login email" });
  await admin.getByRole("button", { name: "Apply" }).click();
  // Neither has access: nobody would get it, and the dialog says who and why.
  const nobody = admin.getByRole("alertdialog", { name: "Nobody can get this email" });
  await expect(nobody).toContainText(`None of the ${count} selected contacts can get it.`);
  await expect(nobody.getByTestId("confirm-details")).toContainText("2 contacts will be skipped:");
  await expect(nobody.getByTestId("confirm-details")).toContainText(`Kenji Sato <kenji.sato@${D}>: ${NO_ACCESS}`);
  await expect(nobody.getByTestId("confirm-details")).toContainText(`Olga Ivanova <olga.ivanova@${D}>: ${NO_ACCESS}`);
  await expect(nobody.getByRole("button", { name: /^Send/ })).toHaveCount(0);
  await expectAccessible(admin, "bulk confirmation");
  await admin.screenshot({ path: "test-results/bulk-confirm-nobody.png" });
  await nobody.getByRole("button", { name: "Close" }).click();
  await expect(nobody).toHaveCount(0);
  await expect(admin.getByRole("button", { name: "Apply" })).toBeFocused();

  // Adding a tag to them: the count, and nothing happens until the dialog's button is pressed.
  await admin.getByLabel("Action", { exact: true }).selectOption({ label: "Add tag" });
  await admin.getByLabel("Tag", { exact: true }).last().fill("bulk-checked");
  await admin.getByRole("button", { name: "Apply" }).click();
  const tag = admin.getByRole("alertdialog", { name: `Tag ${count} contacts “bulk-checked”?` });
  await expect(tag.getByRole("button", { name: "Cancel" })).toBeFocused();
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.screenshot({ path: "test-results/bulk-confirm-390.png" });
  await admin.setViewportSize({ width: 1280, height: 720 });
  await tag.getByRole("button", { name: `Tag ${count} contacts` }).click();
  await expect(admin.getByText(`Tagged ${count} contacts “bulk-checked”.`)).toBeVisible();
});

test("Generate Magic Link says plainly that the link works many times until it expires, and when", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.waitForLoadState("networkidle");
  await admin.getByRole("button", { name: "Generate Magic Link" }).click();
  const dialog = admin.getByRole("dialog", { name: "Generate magic link" });
  // Before anything is made: reusable until it expires, and when a link made now expires (the viewer's zone, named).
  const lifetime = dialog.getByTestId("magic-link-lifetime");
  await expect(lifetime).toContainText("Unlike a login email's one-time link, it works many times (every time it is opened) until it expires. A link made now lasts 7 days: until");
  const zone = await admin.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await expect(lifetime.locator("time")).toHaveAttribute("title", new RegExp(`^${zone} · `));
  const promised = Date.parse((await lifetime.locator("time").getAttribute("datetime"))!);
  expect(Math.abs(promised - (Date.now() + 7 * 86400_000))).toBeLessThan(10 * 60_000);
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.screenshot({ path: "test-results/magic-link-lifetime-390.png" });
  await admin.setViewportSize({ width: 1280, height: 720 });
  await pick(dialog, "Contact", "priya", /Priya Patel/);
  await dialog.getByRole("button", { name: "Generate" }).click();
  await expect(dialog.getByText("Magic link ready. It expires in 7 days.")).toBeVisible();
  await expect(dialog.getByTestId("magic-link-note")).toHaveText(/^It can be used many times until \d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+: opening it does not use it up\. Whoever has it signs in as this contact, so send it only to them\.$/);
  await expectAccessible(admin, "magic link result");
});
