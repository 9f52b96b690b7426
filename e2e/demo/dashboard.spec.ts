import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { adminPage, contactTab, demoState, latestEmailLink, openContact } from "../helpers";

const D = "demo.portico.test";

/** No serious or critical axe violations on the page as it is now. */
async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

test("Client Portal home: totals link to filtered lists; Generate Magic Link finds a contact by part of the email, with the keyboard, and copies the link", async ({ browser }) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const admin = await context.newPage();
  await admin.goto("/admin/login");
  await admin.getByLabel("Email").fill(demoState().admin.email);
  await admin.getByLabel("Password").fill(demoState().admin.password);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo$/);
  await admin.waitForLoadState("networkidle");
  await expect(admin.getByTestId("sign-ins-chart")).toContainText(/sign-ins? in the last 30 days/);
  await expectAccessible(admin, "home");

  await admin.getByRole("button", { name: "Generate Magic Link" }).click();
  const dialog = admin.getByRole("dialog", { name: "Generate magic link" });
  await dialog.getByRole("combobox", { name: "Contact" }).pressSequentially("ima.zah");
  await expect(dialog.getByRole("listbox", { name: "Matching contacts" }).getByRole("option")).toHaveText([/Fatima Zahra/]);
  await dialog.getByRole("combobox", { name: "Contact" }).press("ArrowDown");
  await dialog.getByRole("combobox", { name: "Contact" }).press("Enter");
  await expect(dialog.getByRole("combobox", { name: "Contact" })).toHaveValue(`Fatima Zahra <fatima.zahra@${D}>`);
  await dialog.getByLabel("Leads to (optional)").selectOption({ label: "Foundations of Watercolor (course page)" });
  await expectAccessible(admin, "magic link dialog");
  await dialog.getByRole("button", { name: "Generate" }).click();
  const link = await dialog.getByTestId("magic-link").inputValue();
  expect(link).toMatch(/^http:\/\/localhost:3202\/p\/demo\/l\/[A-Za-z0-9_-]{43}$/);
  await expect(dialog.getByText("Magic link ready. It expires in 7 days.")).toBeVisible();
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await admin.screenshot({ path: "test-results/generate-magic-link.png" });
  await admin.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  // The link leads to the chosen course (through set-password: Fatima has none yet).
  const learner = await (await browser.newContext()).newPage();
  await learner.goto(link);
  await learner.getByRole("button", { name: "Continue" }).click();
  await expect(learner).toHaveURL(/\/p\/demo\/welcome\?next=%2Fp%2Fdemo%2Fcourses%2Fwatercolor-foundations$/);
  await learner.getByLabel("New password").fill("marble lantern orchard 58");
  await learner.getByRole("button", { name: "Set password and continue" }).click();
  await expect(learner).toHaveURL(/\/p\/demo\/courses\/watercolor-foundations$/);

  // Total invited links to the filtered contact list (Fatima is active now).
  await admin.reload();
  const invited = Number(await admin.getByTestId("total-invited").textContent());
  await admin.getByRole("link", { name: /Total invited/ }).click();
  await expect(admin).toHaveURL(/\/contacts\?status=invited$/);
  await expect(admin.getByTestId("contacts-count")).toHaveText(`${invited} contact${invited === 1 ? "" : "s"} match`);
});

test("Invite a new email with an offer: contact created and invited; the invitation's link sets the password", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.waitForLoadState("networkidle");
  await admin.getByRole("button", { name: "Invite" }).click();
  const dialog = admin.getByRole("dialog", { name: "Invite to the portal" });
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
  await dialog.getByLabel("Email").fill("new.invitee@example.com");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByText(/has no active offer or group yet/).first()).toBeVisible();
  await dialog.getByLabel("First name").fill("Nia");
  await dialog.getByLabel("Last name").fill("Invitee");
  await dialog.getByLabel("Grant an offer").selectOption({ label: "Watercolor Starter" });
  await expectAccessible(admin, "invite dialog");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByText("Invitation sent to Nia Invitee (new contact). Status: invited.")).toBeVisible();

  const learner = await (await browser.newContext()).newPage();
  const link = await latestEmailLink(learner, "new.invitee@example.com", /You're invited to Northwind Studio/);
  await learner.goto(link);
  await learner.getByLabel("New password").fill("marble lantern orchard 58");
  await learner.getByRole("button", { name: "Set password and continue" }).click();
  await expect(learner).toHaveURL(/\/p\/demo$/);
  await expect(learner.getByTestId("my-courses").getByRole("heading", { level: 3 })).toHaveText(["Foundations of Watercolor"]);
});

test("contacts: filters, multi-select bulk tag, smart list in the sidebar; keyboard and axe on the main pages; 390 px wide", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/contacts");
  await admin.getByLabel("Tag").selectOption("cohort-1");
  await admin.getByRole("button", { name: "Search" }).click();
  await expect(admin).toHaveURL(/tag=cohort-1/);
  await expect(admin.getByTestId("contacts-count")).toHaveText("2 contacts match");
  await admin.waitForLoadState("networkidle");
  await expectAccessible(admin, "contacts");
  await admin.getByRole("checkbox", { name: /Select Priya Patel/ }).check();
  await admin.getByRole("checkbox", { name: /Select Jonas Berg/ }).check();
  await admin.getByLabel("Action", { exact: true }).selectOption({ label: "Add tag" });
  await admin.getByLabel("Tag", { exact: true }).last().fill("spring-2027");
  await admin.getByRole("button", { name: "Apply" }).click();
  await admin.getByRole("alertdialog", { name: "Tag 2 contacts “spring-2027”?" }).getByRole("button", { name: "Tag 2 contacts" }).click();
  await expect(admin.getByText("Tagged 2 contacts “spring-2027”.")).toBeVisible();
  await admin.getByLabel("Save as smart list").fill("Cohort 1");
  await admin.getByRole("button", { name: "Save", exact: true }).click();
  await expect(admin.getByText("Saved “Cohort 1”: it is in the sidebar.")).toBeVisible();
  await admin.getByRole("list", { name: "Smart lists" }).getByRole("link", { name: "Cohort 1" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Contacts · Cohort 1");
  await expect(admin.getByTestId("contacts-count")).toHaveText("2 contacts match");
  await admin.waitForLoadState("networkidle");
  await admin.getByRole("button", { name: "Delete smart list" }).click();
  await admin.getByRole("alertdialog", { name: "Delete the smart list “Cohort 1”?" }).getByRole("button", { name: "Delete smart list" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/contacts$/);
  await expect(admin.getByRole("list", { name: "Smart lists" })).toHaveCount(0);

  // Keyboard only: Tab reaches the search field and Enter submits it.
  // Wait for the page to settle first: keys typed while the page is still streaming in can be
  // lost when React hydrates the form.
  await admin.goto("/admin/demo/contacts");
  await admin.waitForLoadState("networkidle");
  const search = admin.getByLabel("Search name or email");
  await search.focus();
  await admin.keyboard.type("dubois");
  await expect(search).toHaveValue("dubois");
  await admin.keyboard.press("Enter");
  await expect(admin).toHaveURL(/q=dubois/);
  await expect(admin.getByTestId("contacts-count")).toHaveText("1 contact match");

  for (const path of ["/admin/demo/settings", "/admin/demo/settings/team", "/admin/demo/offers", "/admin/demo/courses", "/admin/demo/emails"]) {
    await admin.goto(path);
    await expectAccessible(admin, path);
  }
  await openContact(admin, `lea.dubois@${D}`);
  await expectAccessible(admin, "contact overview");
  await contactTab(admin, "Actions");
  await expectAccessible(admin, "contact actions");

  await admin.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/admin/demo", "/admin/demo/contacts", "/admin/demo/settings"]) {
    await admin.goto(path);
    const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  }
  await admin.goto("/admin/demo/contacts");
  await admin.screenshot({ path: "test-results/contacts-390.png", fullPage: true });
});

test("roles: a member invited through Settings → Team sets a password, can send links, cannot grant, edit settings or manage the team", async ({ browser }) => {
  const owner = await adminPage(browser, demoState().admin);
  await owner.goto("/admin/demo/settings/team");
  await owner.waitForLoadState("networkidle");
  await owner.getByLabel("Email").fill("mia.member@example.com");
  await owner.getByLabel("Name").fill("Mia Member");
  await owner.getByLabel("Role", { exact: true }).selectOption("member");
  await owner.getByRole("button", { name: "Invite team member" }).click();
  await expect(owner.getByText("Invited mia.member@example.com as member.", { exact: false })).toBeVisible();
  await expect(owner.getByTestId("team")).toContainText("Invitation sent; no password yet");

  const mia = await (await browser.newContext()).newPage();
  const link = await latestEmailLink(mia, "mia.member@example.com", /You've been added to Northwind Studio/);
  await mia.goto(link);
  await expect(mia.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  await mia.getByLabel("New password").fill("quiet harbor lamps 42");
  await mia.getByRole("button", { name: /password/i }).click();
  await mia.goto("/admin/login");
  await mia.getByLabel("Email").fill("mia.member@example.com");
  await mia.getByLabel("Password").fill("quiet harbor lamps 42");
  await mia.getByRole("button", { name: "Sign in" }).click();
  await expect(mia).toHaveURL(/\/admin\/demo$/);

  // Can send a login email; cannot grant or change passwords (no controls, and the server refuses).
  await openContact(mia, `tom.okafor@${D}`, "Actions");
  await expect(mia.getByRole("button", { name: "Send login email" })).toBeVisible();
  await expect(mia.getByLabel("New password for this contact")).toHaveCount(0);
  await expect(mia.getByRole("button", { name: "Preview as learner" })).toHaveCount(0);
  await contactTab(mia, "Offers");
  await expect(mia.getByLabel("Offer to grant")).toHaveCount(0);
  await mia.goto("/admin/demo/contacts");
  await mia.waitForLoadState("networkidle");
  await mia.getByRole("checkbox", { name: "Select every contact on this page" }).check();
  await expect(mia.getByLabel("Action", { exact: true }).locator("option")).toHaveText(["Send login email", "Invite to the portal"]);
  // The settings form is read-only, and the server refuses a forged submit.
  await mia.goto("/admin/demo/settings");
  await expect(mia.getByText("Only an admin or owner can change settings.")).toBeVisible();
  await expect(mia.getByLabel("Portal name")).toBeDisabled();
  await mia.evaluate(() => {
    const fieldset = document.querySelector("fieldset");
    fieldset?.removeAttribute("disabled");
  });
  await mia.getByLabel("Portal name").fill("Hijacked");
  await mia.getByRole("button", { name: "Save settings" }).click();
  await expect(mia.getByText("Only a workspace admin or owner can do this.")).toBeVisible();
  await mia.goto("/admin/demo/settings/team");
  await expect(mia.getByText("Only an admin or owner can invite or remove team members.")).toBeVisible();
  await expect(mia.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await owner.goto("/admin/demo");
  await expect(owner.getByTestId("workspace-name")).toHaveText("Northwind Studio");
});

test("preview as learner: a reason is required; the portal shows a banner, refuses actions, and End preview returns to the contact (audited)", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await openContact(admin, `lea.dubois@${D}`, "Actions");
  await admin.getByRole("button", { name: "Preview as learner" }).click();
  await expect(admin.getByText(/Say why you are previewing/).first()).toBeVisible();
  await admin.getByLabel("Reason (recorded)").fill("Support ticket 812: course missing");
  // The preview opens in a new tab; the admin's own tab stays on the contact.
  const [tab] = await Promise.all([admin.context().waitForEvent("page"), admin.getByRole("button", { name: "Preview as learner" }).click()]);
  await expect(tab).toHaveURL(/\/p\/demo$/);
  await expect(admin).toHaveURL(/\/admin\/demo\/contacts\/[0-9a-f-]{36}\?tab=actions$/);
  await expect(admin.getByTestId("open-preview")).toBeVisible();
  const banner = tab.getByTestId("preview-banner");
  await expect(banner).toContainText("you are seeing the portal as Léa Dubois");
  await expect(tab.getByTestId("my-courses")).toBeVisible();
  await tab.screenshot({ path: "test-results/preview-banner.png", fullPage: true });
  await tab.getByTestId("my-courses").getByRole("link").first().click();
  await expect(banner).toBeVisible();
  await tab.getByRole("link", { name: /Start the course|Continue/ }).first().click();
  await tab.waitForLoadState("networkidle");
  await tab.getByRole("button", { name: "Mark complete" }).click();
  await expect(tab.getByText("This is an admin's preview: nothing can be changed in the learner's name.")).toBeVisible();

  await banner.getByRole("button", { name: "End preview" }).click();
  await expect(tab).toHaveURL(/\/admin\/demo\/contacts\/[0-9a-f-]{36}$/);
  await contactTab(tab, "Activity");
  await expect(tab.getByTestId("activity")).toContainText("Learner: preview started");
  await expect(tab.getByTestId("activity")).toContainText("Support ticket 812: course missing");
  await expect(tab.getByTestId("activity")).toContainText("Learner: preview ended");
  // The preview session is gone: the portal asks for a sign-in again.
  await tab.goto("/p/demo");
  await expect(tab).toHaveURL(/\/p\/demo\/login$/);
});
