import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminPage, contactTab, demoState, openContact } from "../helpers";

async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

test("CSV import warns how many welcome emails it sends and can import without them; the result keeps the rows it skipped", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  const stamp = Date.now();
  const quiet = `quiet.${stamp}@example.com`;
  const csv = ["email,first name", `${quiet},Quinn`, `second.${stamp}@example.com,Sol`, "alex.rivera@demo.portico.test,Alex", "broken-address,Nope", `${quiet.toUpperCase()},Again`].join("\n");
  await admin.goto("/admin/demo/contacts/import");
  await admin.getByLabel("CSV file").setInputFiles({ name: "quiet.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await admin.getByLabel("Grant an offer to everyone imported (optional)").selectOption({ label: "All-Access Pass" });
  await admin.getByRole("button", { name: "Preview" }).click();

  // Alex already holds the All-Access Pass: two welcome emails, said before anything is sent.
  const welcome = admin.getByTestId("import-welcome");
  await expect(welcome).toContainText("Importing sends 2 welcome emails: each of the 2 contacts who will get All-Access Pass is emailed at once");
  const send = welcome.getByRole("checkbox", { name: "Send the welcome emails" });
  await expect(send).toBeChecked();
  await expectAccessible(admin, "import preview");
  await admin.screenshot({ path: "test-results/import-welcome-warning.png", fullPage: true });

  // Changing the offer after the preview asks for a new one before importing.
  await admin.getByLabel("Grant an offer to everyone imported (optional)").selectOption({ label: "Watercolor Starter" });
  await expect(admin.getByText("The file or the offer changed since this preview: press Preview again before importing.")).toBeVisible();
  await expect(admin.getByRole("button", { name: "Import 3 contacts" })).toBeDisabled();
  await admin.getByLabel("Grant an offer to everyone imported (optional)").selectOption({ label: "All-Access Pass" });
  await admin.getByRole("button", { name: "Preview" }).click();
  await expect(admin.getByRole("button", { name: "Import 3 contacts" })).toBeEnabled();

  await send.uncheck();
  await expect(welcome).toContainText("No welcome emails: they get access without being told.");
  await admin.getByRole("button", { name: "Import 3 contacts" }).click();
  const result = admin.getByTestId("import-result");
  await expect(result).toContainText("Imported: 2 new, 1 updated, 2 granted the offer (no welcome emails, as chosen). 2 rows skipped: listed below.");
  // The rows it skipped are still listed with the result, by line and why.
  const skipped = admin.getByTestId("import-skipped");
  await expect(skipped).toContainText("Line 5: broken-address — Not a valid email address");
  await expect(skipped).toContainText(`Line 6: ${quiet.toUpperCase()} — Duplicate of line 2`);
  await expect(admin.getByTestId("import-preview")).toHaveCount(0);
  await expectAccessible(admin, "import result");
  for (const width of [1280, 390]) {
    await admin.setViewportSize({ width, height: 900 });
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await admin.screenshot({ path: `test-results/import-result-${width}.png`, fullPage: true });
  }
  await admin.setViewportSize({ width: 1280, height: 720 });

  // Access granted, and no email queued for it (it would be queued in the import's own transaction).
  await openContact(admin, quiet, "Offers");
  await expect(admin.getByTestId("contact-offers")).toContainText("All-Access Pass");
  await contactTab(admin, "Emails");
  await expect(admin.getByText("No emails yet.")).toBeVisible();
});
