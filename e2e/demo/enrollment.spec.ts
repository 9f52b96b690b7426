import { expect, test, type Browser, type Page } from "@playwright/test";
import { adminPage, contactTab, demoState, latestEmailLink, openContact, signInDemoLearner } from "../helpers";

const D = "demo.portico.test";
const strong = "copper meadow violin 73";

async function checkout(browser: Browser, email: string, name = "Casey Checkout"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/p/demo/checkout/watercolor-starter");
  await expect(page.getByRole("heading", { name: "Watercolor Starter" })).toBeVisible();
  await expect(page.getByTestId("price")).toHaveText("Free");
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Proceed to checkout" }).click();
  await expect(page).toHaveURL(/\/checkout\/watercolor-starter\/thanks$/);
  return page;
}


test("checkout → thank-you → View Dashboard → set password → course → every lesson complete → 100 %", async ({ browser }) => {
  const email = `new.buyer.${Date.now()}@example.com`;
  const page = await checkout(browser, email);
  await page.screenshot({ path: "test-results/checkout-thanks.png", fullPage: true });
  await page.getByRole("button", { name: "View Dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Welcome to Northwind Studio" })).toBeVisible();
  await page.getByLabel("New password").fill(strong);
  await page.getByRole("button", { name: "Set password and continue" }).click();
  await expect(page).toHaveURL(/\/p\/demo$/);
  await expect(page.getByTestId("my-courses")).toContainText("0% complete");

  await page.getByRole("link", { name: /Foundations of Watercolor/ }).click();
  await page.getByRole("link", { name: "Start the course" }).click();
  for (let i = 0; i < 7; i++) {
    await expect(page.getByRole("button", { name: "Mark complete" })).toBeVisible();
    if (i === 1) await page.screenshot({ path: "test-results/lesson.png", fullPage: true });
    await page.getByRole("button", { name: "Mark complete" }).click();
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(/^$/);
  }
  await expect(page).toHaveURL(/\/courses\/watercolor-foundations\?completed=/);
  await expect(page.getByTestId("progress")).toContainText("100% complete · 7 of 7 lessons");
  await page.screenshot({ path: "test-results/course-complete.png", fullPage: true });
  await page.goto("/p/demo");
  await expect(page.getByTestId("my-courses")).toContainText("100% complete");
  await expect(page.getByTestId("affiliate-card")).toBeVisible();

  // Good on a phone: nothing wider than the screen on the home, course and lesson pages.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, shot] of [["/p/demo", "phone-home"], ["/p/demo/courses/watercolor-foundations", "phone-course"]] as const) {
    await page.goto(path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `test-results/${shot}.png`, fullPage: true });
  }
  await page.getByRole("link", { name: "Flat washes" }).click();
  await expect(page.getByTestId("lesson-done")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/phone-lesson.png", fullPage: true });
});

test("checkout with someone else's email never leads to set-password (no takeover)", async ({ browser }) => {
  // The victim checked out a moment ago (no password yet); the attacker checks out with the same address.
  const victim = `victim.${Date.now()}@example.com`;
  await checkout(browser, victim, "Vic Tim");
  for (const email of [victim, `tom.okafor@${D}`]) {
    const page = await checkout(browser, email, "Mallory Attacker");
    await page.getByRole("button", { name: "View Dashboard" }).click();
    await expect(page.getByTestId("check-email")).toBeVisible();
    await page.goto("/p/demo");
    await expect(page).toHaveURL(/\/login$/);
  }
  // A brand-new contact, but "View Dashboard" pressed from another browser: also email only.
  const email = `second.device.${Date.now()}@example.com`;
  await checkout(browser, email);
  const other = await (await browser.newContext()).newPage();
  await other.goto("/p/demo/checkout/watercolor-starter/thanks");
  await other.getByRole("button", { name: "View Dashboard" }).click();
  await expect(other.getByTestId("check-email")).toBeVisible();
  // The real owner of the address gets in through the welcome email.
  const link = await latestEmailLink(other, email, /Welcome to Northwind Studio/);
  await other.goto(link);
  await expect(other.getByRole("heading", { name: "Welcome to Northwind Studio" })).toBeVisible();
});

test("admin grants an offer → welcome email → learner sets a password and sees the course → admin revokes → it is gone", async ({ browser }) => {
  const email = `maria.garcia@${D}`;
  const admin = await adminPage(browser, demoState().admin);
  await openContact(admin, email, "Offers");
  await expect(admin.getByTestId("contact-offers")).toContainText("No active offers");
  await admin.getByLabel("Offer to grant").selectOption({ label: "Watercolor Starter" });
  await admin.getByRole("button", { name: "Grant" }).click();
  await expect(admin.getByText("Granted Watercolor Starter. Welcome email queued.")).toBeVisible();
  await expect(admin.getByTestId("contact-offers")).toContainText("via admin");
  await admin.screenshot({ path: "test-results/contact-offers.png", fullPage: true });

  const learner = await (await browser.newContext()).newPage();
  const link = await latestEmailLink(learner, email, /Welcome to Northwind Studio: set your password/);
  await learner.goto(link);
  await learner.getByLabel("New password").fill(strong);
  await learner.getByRole("button", { name: "Set password and continue" }).click();
  await expect(learner).toHaveURL(/\/p\/demo$/);
  await expect(learner.getByTestId("my-courses").getByRole("heading", { level: 3 })).toHaveText(["Foundations of Watercolor"]);
  await learner.getByRole("link", { name: /Foundations of Watercolor/ }).click();
  await expect(learner).toHaveURL(/\/courses\/watercolor-foundations$/);
  await expect(learner.getByRole("link", { name: "Start the course" })).toBeVisible();
  const coursePage = learner.url();
  // The contact record answers "did they get it, and did they click it?".
  await contactTab(admin, "Emails");
  const welcome = admin.getByTestId("delivery-log").locator("> li").filter({ hasText: "Welcome to Northwind Studio: set your password" });
  await expect(welcome.getByRole("list", { name: "Timeline" })).toContainText(/queued .*sent .*delivered .*link opened .*link used/);
  await admin.goto(`/admin/demo/emails?q=${encodeURIComponent(email)}&status=delivered`);
  await expect(admin.getByTestId("delivery-log").locator("> li")).toHaveCount(1);
  await admin.screenshot({ path: "test-results/delivery-log.png", fullPage: true });
  await admin.goBack();
  await contactTab(admin, "Offers");

  // Reloads are served from the production server's portal page cache (lib/http/page-cache.ts)…
  for (const path of [coursePage, "/p/demo"]) {
    await learner.goto(path);
    expect((await learner.goto(path))?.headers()["x-portico-cache"], path).toBe("hit");
  }

  // Not a member of the community group: a clear page, not an error.
  await learner.goto("/p/demo/communities/studio-circle");
  await expect(learner.getByTestId("no-access")).toContainText("You are not a member of Studio Circle");

  await admin.getByTestId("contact-offers").getByRole("button", { name: "Revoke" }).click();
  await admin.getByRole("alertdialog", { name: "Revoke Watercolor Starter?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(admin.getByTestId("contact-offers")).toContainText("No active offers");
  await contactTab(admin, "Activity");
  await expect(admin.getByTestId("activity")).toContainText("Offer: revoked");
  // …until the revoke: that was their last access, so the session ended (SPEC §3 rule 7) and the
  // very next load is not served from the cache but sends them to sign in.
  await learner.goto(coursePage);
  await expect(learner).toHaveURL(/\/p\/demo\/login/);
  await learner.goto("/p/demo");
  await expect(learner).toHaveURL(/\/p\/demo\/login/);
});

test("members post and comment in their group, newest first", async ({ page }) => {
  await signInDemoLearner(page);
  await page.getByTestId("my-groups").getByRole("link", { name: /Studio Circle/ }).click();
  for (const body of ["First wash done!", "Second: a graded sky"]) {
    await page.getByLabel("Post", { exact: true }).fill(body);
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await expect(page.getByTestId("posts").getByText(body)).toBeVisible();
  }
  await expect(page.getByTestId("posts").locator("> li").first()).toContainText("Second: a graded sky");
  const first = page.getByTestId("posts").locator("> li").filter({ hasText: "First wash done!" });
  await first.getByLabel("Comment").fill("Lovely colours");
  await first.getByRole("button", { name: "Reply" }).click();
  await expect(first.getByText("Lovely colours")).toBeVisible();
  await page.screenshot({ path: "test-results/group.png", fullPage: true });
});

test("CSV import: preview, per-row errors, import with an offer, welcome emails", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/contacts");
  await admin.getByRole("link", { name: "Import CSV" }).click();
  const csv = [
    "Email,First Name,Last Name,Tags,Phone",
    "ivy.import@example.com,Ivy,Import,\"cohort-3, csv\",+1 202 555 0100",
    "not-an-email,Bad,Row,,",
    "IVY.IMPORT@example.com,Ivy,Again,,",
    "jo.import@example.com,Jo,Import,csv,",
    `sam.chen@${D},Samuel,Chen,csv,`,
  ].join("\n");
  await admin.getByLabel("CSV file").setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await admin.getByLabel("Grant an offer to everyone imported (optional)").selectOption({ label: "Watercolor Starter" });
  await admin.getByRole("button", { name: "Preview" }).click();
  await expect(admin.getByTestId("import-preview")).toContainText("3 rows ready to import, 2 with errors (skipped)");
  await expect(admin.getByTestId("import-errors")).toContainText("Line 3: not-an-email — Not a valid email address");
  await expect(admin.getByTestId("import-errors")).toContainText("Line 4: IVY.IMPORT@example.com — Duplicate of line 2");
  await expect(admin.getByTestId("import-welcome")).toContainText("Importing sends 2 welcome emails");
  await admin.screenshot({ path: "test-results/import-preview.png", fullPage: true });
  await admin.getByRole("button", { name: "Import 3 contacts" }).click();
  // Sam already holds the starter offer: updated, not granted again.
  await expect(admin.getByTestId("import-result")).toContainText("Imported: 2 new, 1 updated, 2 granted the offer (2 welcome emails queued). 2 rows skipped");
  await expect(admin.getByTestId("import-skipped")).toContainText("Line 3: not-an-email — Not a valid email address");
  await openContact(admin, "ivy.import@example.com", "Offers");
  await expect(admin.getByTestId("contact-offers")).toContainText("via import");
  await latestEmailLink(admin, "ivy.import@example.com", /Welcome to Northwind Studio/);
});

test("bulk Send Login Email shows live progress and every recipient's outcome", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/contacts?q=import%40example.com");
  await admin.waitForLoadState("networkidle");
  await expect(admin.getByTestId("contacts-count")).toHaveText("2 contacts match");
  await admin.getByRole("checkbox", { name: "Select every contact on this page" }).check();
  await expect(admin.getByTestId("bulk-bar")).toContainText("2 selected");
  await admin.getByLabel("Action", { exact: true }).selectOption({ label: "Send login email" });
  await admin.getByRole("button", { name: "Apply" }).click();
  await admin.getByRole("alertdialog", { name: "Email 2 contacts a login link?" }).getByRole("button", { name: "Send 2 login emails" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/emails\/bulk\/[0-9a-f-]{36}$/);
  await expect(admin.getByRole("heading", { name: "Login emails to 2 contacts" })).toBeVisible();
  await expect(admin.getByTestId("bulk-progress")).toContainText(/Queued\s*0\s*Sent\s*2\s*Failed\s*0/, { timeout: 20_000 });
  await expect(admin.getByText("Done.")).toBeVisible();
  await expect(admin.getByRole("img", { name: "100% sent" })).toBeVisible();
  await expect(admin.getByTestId("delivery-log").locator("> li")).toHaveCount(2);
  await admin.screenshot({ path: "test-results/bulk-send.png", fullPage: true });
});
