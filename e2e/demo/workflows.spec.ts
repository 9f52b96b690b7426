/**
 * Workflows run (SPEC §8): an admin builds "Offer Access Granted (Watercolor Starter) → Send
 * membership welcome email → Add to group (Studio Circle)", turns it on and grants the offer
 * from a contact's record; the run shows in the history as Completed within seconds, its
 * detail shows both steps Done, the welcome email is in the dev mailbox and the contact is in
 * the group. A test run for another contact shows what would happen and sends nothing.
 * The workflow is deleted at the end: the specs share the demo workspace.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminPage, contactTab, demoState, openContact } from "../helpers";

const NAME = "Starter welcome and circle";
const LAPSED = "Starter lapsed follow-up";
const D = "demo.portico.test";
const GRANTED = `kenji.sato@${D}`;
const TESTED = `olga.ivanova@${D}`;

async function expectAccessible(page: Page, name: string) {
  // The email preview is a sandboxed frame without script: axe cannot run inside it (it waits for
  // it until the test times out), and the email's HTML is the template's, not the dashboard's.
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).exclude('iframe[sandbox=""]').analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

/** A screenshot at 1280 and at 390 px; at 390 the page does not scroll sideways. */
async function shots(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `test-results/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  // A frame (the email preview) repaints a moment after the resize.
  await page.waitForTimeout(500);
  await page.screenshot({ path: `test-results/${name}-390.png`, fullPage: true });
  // What sticks out, named in the failure (a wide table scrolling inside its own box is fine).
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((e) => {
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) if (/auto|scroll/.test(getComputedStyle(p).overflowX)) return false;
        return true;
      })
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} (${Math.round(e.getBoundingClientRect().right)} px)`),
  );
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over, `${name} scrolls sideways at 390 px: ${wide.join(", ")}`).toBeLessThanOrEqual(0);
  await expectAccessible(page, `${name} at 390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const steps = (page: Page) => page.getByTestId("workflow-steps").locator(":scope > li");

async function addStep(page: Page, label: string) {
  await page.getByLabel("Add a step").selectOption({ label });
  await page.getByRole("button", { name: "Add step" }).click();
}

/** The newest dev-mailbox email's address, and how many emails to `to` the mailbox lists. */
async function mailboxState(page: Page, to: string) {
  await page.goto("/dev/mailbox");
  const links = page.getByTestId("mailbox").getByRole("link");
  return { newest: await links.first().getAttribute("href"), toThem: await links.filter({ hasText: to }).count() };
}

test.afterAll(async ({ browser }) => {
  // Whatever happened above, no workflow of this spec stays on for the specs that share the workspace.
  const admin = await adminPage(browser, demoState().admin);
  for (const name of [NAME, LAPSED]) {
    await admin.goto("/admin/demo/workflows");
    const del = admin.getByRole("button", { name: `Delete ${name}`, exact: true });
    if (!(await del.count())) continue;
    await del.first().click();
    await admin.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
    await expect(admin.getByTestId("toast")).toContainText(`“${name}” deleted.`);
  }
  // The contact granted the offer goes back to how the demo made them: no offer, no group.
  await openContact(admin, GRANTED, "Offers");
  const held = admin.getByTestId("contact-offers").getByRole("listitem").filter({ hasText: "Watercolor Starter" });
  if (await held.count()) {
    await held.getByRole("button", { name: "Revoke" }).click();
    await admin.getByRole("alertdialog", { name: "Revoke Watercolor Starter?" }).getByRole("button", { name: "Revoke" }).click();
    await expect(admin.getByTestId("contact-offers")).not.toContainText("Watercolor Starter");
  }
  await contactTab(admin, "Groups");
  const member = admin.getByTestId("contact-groups").getByRole("listitem").filter({ hasText: "Studio Circle" });
  if (await member.count()) {
    await member.getByRole("button", { name: "Remove" }).click();
    await expect(admin.getByTestId("contact-groups")).not.toContainText("Studio Circle");
  }
});

/** Grants then revokes Watercolor Starter on the contact's record: one Offer Access Removed event. */
async function grantThenRevoke(admin: Page, email: string) {
  await openContact(admin, email, "Offers");
  await admin.getByLabel("Offer to grant").selectOption({ label: "Watercolor Starter" });
  await admin.getByRole("button", { name: "Grant" }).click();
  await expect(admin.getByTestId("contact-offers")).toContainText("Watercolor Starter");
  await admin.getByTestId("contact-offers").getByRole("listitem").filter({ hasText: "Watercolor Starter" }).getByRole("button", { name: "Revoke" }).click();
  await admin.getByRole("alertdialog", { name: "Revoke Watercolor Starter?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(admin.getByTestId("contact-offers")).not.toContainText("Watercolor Starter");
}

test("a granted offer runs the workflow: history, run detail with both steps done, the email sent, the group joined; a test run sends nothing", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await adminPage(browser, demoState().admin);
  await admin.setViewportSize({ width: 1280, height: 900 });

  // Built and saved in the builder, then turned on.
  await admin.goto("/admin/demo/workflows/new");
  await admin.getByLabel("Name", { exact: true }).fill(NAME);
  await admin.getByLabel("Trigger").selectOption({ label: "Offer Access Granted" });
  await admin.getByLabel("Offer", { exact: true }).selectOption({ label: "Watercolor Starter" });
  await addStep(admin, "Send membership welcome email");
  await addStep(admin, "Add to group");
  await steps(admin).nth(1).getByLabel("Group").selectOption({ label: "Studio Circle" });
  await admin.getByRole("button", { name: "Create workflow" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/workflows\/[0-9a-f-]{36}$/);
  const workflowUrl = admin.url();
  await expect(admin.getByTestId("run-history-empty")).toHaveText("No runs yet. Runs appear here when Offer Access Granted happens for a contact while the workflow is on.");
  const on = admin.getByRole("switch", { name: `${NAME} enabled` });
  await on.click();
  await expect(on).toHaveAttribute("aria-checked", "true");

  // A contact without the offer: nothing has run for them yet; the offer is granted from their record.
  await openContact(admin, GRANTED, "Activity");
  await expect(admin.getByTestId("contact-runs")).toContainText("No workflow has run for this contact yet.");
  await contactTab(admin, "Offers");
  await expect(admin.getByTestId("contact-offers")).not.toContainText("Watercolor Starter");
  await admin.getByLabel("Offer to grant").selectOption({ label: "Watercolor Starter" });
  await admin.getByRole("button", { name: "Grant" }).click();
  await expect(admin.getByText("Granted Watercolor Starter.")).toBeVisible();

  // The run shows in the workflow's history, completed, within seconds.
  await admin.goto(workflowUrl);
  const row = admin.getByTestId("run-history").getByRole("row").filter({ hasText: GRANTED });
  await expect(async () => {
    await admin.reload();
    await expect(row.getByText("Completed", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText("2 of 2");
  await expectAccessible(admin, "workflow page with run history");

  // The run: what started it, both steps done, each with its attempt.
  await row.getByRole("link", { name: /^Run details/ }).click();
  await expect(admin).toHaveURL(/\/workflows\/[0-9a-f-]{36}\/runs\/[0-9a-f-]{36}$/);
  const runUrl = admin.url();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Run for Kenji Sato");
  await expect(admin.getByTestId("run-event")).toContainText("Offer Access Granted");
  await expect(admin.getByTestId("run-event")).toContainText("Watercolor Starter");
  const runSteps = admin.getByTestId("run-steps").locator(":scope > li");
  await expect(runSteps).toHaveCount(2);
  await expect(runSteps.nth(0)).toHaveAccessibleName("Step 1: Send membership welcome email");
  await expect(runSteps.nth(1)).toHaveAccessibleName("Step 2: Add to group");
  for (const i of [0, 1]) {
    await expect(runSteps.nth(i)).toHaveAttribute("data-step-status", "succeeded");
    await expect(runSteps.nth(i).getByText("Done").first()).toBeVisible();
    await expect(runSteps.nth(i).getByText("Attempt 1")).toBeVisible();
  }
  await expect(runSteps.nth(1)).toContainText("Studio Circle");
  // A completed run has nothing to retry, skip or cancel.
  await expect(admin.getByTestId("run-controls")).toHaveCount(0);
  await expectAccessible(admin, "run detail");
  await shots(admin, "workflow-run");

  // The email the step sent is in the dev mailbox, to this contact.
  await runSteps.nth(0).getByRole("link", { name: "Open in the dev mailbox" }).click();
  await expect(admin).toHaveURL(/\/dev\/mailbox\/[0-9a-f-]{36}$/);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(/Welcome to Northwind Studio/);
  await expect(admin.getByText(GRANTED).first()).toBeVisible();

  // The contact is in the group, and the run is on their Activity tab.
  await openContact(admin, GRANTED, "Groups");
  await expect(admin.getByTestId("contact-groups")).toContainText("Studio Circle");
  await contactTab(admin, "Activity");
  const mine = admin.getByTestId("contact-runs");
  await expect(mine.getByRole("link", { name: NAME })).toHaveAttribute("href", new URL(runUrl).pathname);
  await expect(mine).toContainText("Completed");

  // A test run for another contact, with a step added but not saved: what each step would do, and no email.
  await admin.goto("/admin/demo/emails/templates");
  await admin.getByLabel("Name (only admins see it)").fill("Run test note");
  await admin.getByLabel("Subject").fill("Hello {{contact.first_name}}");
  await admin.getByRole("button", { name: "Create template" }).click();
  await expect(admin).toHaveURL(/\/emails\/templates\/[0-9a-f-]{36}$/);
  const before = await mailboxState(admin, TESTED);
  await admin.goto(workflowUrl);
  await addStep(admin, "Send email");
  await steps(admin).nth(2).getByLabel("Email template").selectOption({ label: "Run test note" });
  await addStep(admin, "Call webhook");
  await steps(admin).nth(3).getByLabel("Webhook URL").fill("https://hooks.example.com/portico");
  const panel = admin.getByTestId("test-run");
  await expect(panel).toContainText("Nothing is saved or sent.");
  await panel.getByRole("combobox", { name: "Contact to test with" }).pressSequentially("olga");
  await panel.getByRole("listbox", { name: "Matching contacts" }).getByRole("option", { name: /Olga Ivanova/ }).click();
  await panel.getByRole("button", { name: "Test run" }).click();
  const tested = panel.getByTestId("test-run-steps").locator(":scope > li");
  await expect(tested).toHaveCount(4);
  await expect(tested.nth(0)).toContainText(`Would send the membership welcome email to ${TESTED}`);
  await expect(tested.nth(1)).toContainText("Would add them to “Studio Circle”.");
  await expect(tested.nth(2)).toContainText(`Would email “Hello Olga” to ${TESTED}.`);
  await expect(tested.nth(2).getByTitle("Email preview: Hello Olga")).toBeVisible();
  await expect(tested.nth(2).frameLocator("iframe").locator("body")).toContainText("Northwind Studio");
  await expect(tested.nth(3)).toContainText("Would POST the event to hooks.example.com, signed.");
  await expect(tested.nth(3).getByLabel("Webhook body")).toContainText('"type": "workflow.offer_access_granted"');
  await expectAccessible(admin, "builder with a test run");
  await shots(admin, "workflow-test-run");
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.waitForTimeout(500);
  await panel.screenshot({ path: "test-results/workflow-test-run-panel-390.png" });
  await admin.locator("#runs").screenshot({ path: "test-results/workflow-run-history-390.png" });
  await admin.setViewportSize({ width: 1280, height: 900 });
  // Not saved: the page still has version 1 with two steps.
  await admin.reload();
  await expect(steps(admin)).toHaveCount(2);
  await expect(admin.getByTestId("workflow-versions").locator("li")).toHaveCount(1);
  // Not sent: give the worker time to send anything it was handed, then the mailbox is as it was.
  await admin.waitForTimeout(3000);
  expect(await mailboxState(admin, TESTED)).toEqual(before);

  // Webhook signing: revealed, rotated (after a confirmation) into a different secret.
  await admin.goto("/admin/demo/workflows");
  const signing = admin.getByTestId("webhook-signing");
  await expect(signing).toContainText("webhook-signature");
  await signing.getByRole("button", { name: "Reveal secret" }).click();
  await expect(signing.getByTestId("webhook-secret")).toHaveValue(/^whsec_/);
  const first = await signing.getByTestId("webhook-secret").inputValue();
  await signing.getByRole("button", { name: "Rotate secret" }).click();
  await expect(admin.getByTestId("confirm-dialog")).toContainText("stop verifying immediately");
  await admin.getByTestId("confirm-dialog").getByRole("button", { name: "Rotate" }).click();
  await expect(signing.getByLabel("New signing secret")).toHaveValue(/^whsec_/);
  expect(await signing.getByTestId("webhook-secret").inputValue()).not.toBe(first);
  await expect(signing.getByTestId("webhook-secret")).toHaveCount(1);
  await expectAccessible(admin, "workflows list with webhook signing");
  await admin.screenshot({ path: "test-results/workflows-list-signing.png", fullPage: true });

  // Turned off, so no later grant of the offer runs it.
  await admin.goto(workflowUrl);
  await admin.getByRole("switch", { name: `${NAME} enabled` }).click();
  await expect(admin.getByRole("switch", { name: `${NAME} enabled` })).toHaveAttribute("aria-checked", "false");
});

test("a waiting run: skipped from its page (after a confirmation) it goes on and completes; another is cancelled", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/workflows/new");
  await admin.getByLabel("Name", { exact: true }).fill(LAPSED);
  await admin.getByLabel("Trigger").selectOption({ label: "Offer Access Removed" });
  await admin.getByLabel("Offer", { exact: true }).selectOption({ label: "Watercolor Starter" });
  await addStep(admin, "Wait");
  await admin.getByLabel("Wait for").fill("1");
  await admin.getByLabel("Unit").selectOption("days");
  await addStep(admin, "Add tag");
  await steps(admin).nth(1).getByLabel("Tag").fill("lapsed-starter");
  await admin.getByRole("button", { name: "Create workflow" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/workflows\/[0-9a-f-]{36}$/);
  const workflowUrl = admin.url();
  await admin.getByRole("switch", { name: `${LAPSED} enabled` }).click();
  await expect(admin.getByRole("switch", { name: `${LAPSED} enabled` })).toHaveAttribute("aria-checked", "true");

  await grantThenRevoke(admin, TESTED);
  await admin.goto(workflowUrl);
  const row = admin.getByTestId("run-history").getByRole("row").filter({ hasText: TESTED });
  await expect(async () => {
    await admin.reload();
    await expect(row.getByText("Waiting", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText("until");
  await expect(row).toContainText("1 of 2");

  await row.getByRole("link", { name: /^Run details/ }).click();
  const controls = admin.getByTestId("run-controls");
  await expect(controls.getByRole("button")).toHaveText(["Resume now", "Skip step", "Cancel run"]);
  const runSteps = admin.getByTestId("run-steps").locator(":scope > li");
  await expect(runSteps.nth(0)).toHaveAttribute("data-step-status", "waiting");
  await expect(runSteps.nth(1)).toContainText("Not reached");
  await expectAccessible(admin, "waiting run");
  await shots(admin, "workflow-run-waiting");

  // Skip asks first; then the run goes on by itself and the page follows it to the end.
  await controls.getByRole("button", { name: "Skip step" }).click();
  const dialog = admin.getByTestId("confirm-dialog");
  await expect(dialog).toContainText("Skip step 1 (Wait)?");
  await dialog.getByRole("button", { name: "Skip step" }).click();
  await expect(admin.getByTestId("toast")).toContainText("Step 1 skipped; the run goes on.");
  await expect(admin.getByRole("heading", { level: 1 }).locator("..").getByText("Completed", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(runSteps.nth(0)).toHaveAttribute("data-step-status", "skipped");
  await expect(runSteps.nth(0)).toContainText("Skipped from the dashboard.");
  await expect(runSteps.nth(1)).toHaveAttribute("data-step-status", "succeeded");
  await expect(admin.getByTestId("run-controls")).toHaveCount(0);

  // A second removal waits again; this one is cancelled (after a confirmation) and goes no further.
  await grantThenRevoke(admin, TESTED);
  await admin.goto(workflowUrl);
  await expect(async () => {
    await admin.reload();
    await expect(row.first().getByText("Waiting", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await row.first().getByRole("link", { name: /^Run details/ }).click();
  await admin.getByTestId("run-controls").getByRole("button", { name: "Cancel run" }).click();
  await expect(dialog).toContainText("Cancel this run?");
  await dialog.getByRole("button", { name: "Cancel run" }).click();
  await expect(admin.getByTestId("toast")).toContainText("Run cancelled: no further step will run.");
  await expect(admin.getByRole("heading", { level: 1 }).locator("..").getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(admin.getByTestId("run-controls")).toHaveCount(0);
  await expect(runSteps.nth(1)).toContainText("Not reached");

  await admin.goto(workflowUrl);
  await admin.getByRole("switch", { name: `${LAPSED} enabled` }).click();
  await expect(admin.getByRole("switch", { name: `${LAPSED} enabled` })).toHaveAttribute("aria-checked", "false");
});
