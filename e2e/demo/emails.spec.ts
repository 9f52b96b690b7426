import { expect, test } from "@playwright/test";
import { createHmac } from "node:crypto";
import { WEBHOOK_SECRET } from "../../playwright.config";
import { adminPage, demoState, latestEmailLink, openContact, openLatestEmail } from "../helpers";

test("system emails: preview with sample data, and turning the welcome email off stops it on the next grant", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/emails");
  await admin.getByRole("link", { name: "System emails →" }).click();
  const welcome = admin.getByTestId("system-emails").locator("li").filter({ hasText: "Welcome / set your password" });
  await welcome.getByRole("link", { name: "Preview" }).click();
  await expect(admin.getByTestId("preview-subject")).toHaveText("Welcome to Northwind Studio: set your password");
  await expect(admin.frameLocator("iframe[title='Email preview']").getByRole("link", { name: "Set my password" })).toBeVisible();
  await admin.screenshot({ path: "test-results/system-email-preview.png", fullPage: true });
  await admin.goBack();
  await admin.waitForLoadState("networkidle");

  await expect(admin.getByTestId("system-emails").locator("li").filter({ hasText: "Login code" })).toContainText("with the login link");
  // Sign-in emails off: the portal's login page offers the password only.
  const loginLink = admin.getByTestId("system-emails").locator("li").filter({ hasText: "Login link and code" });
  await loginLink.getByRole("button", { name: "Turn off Login link and code" }).click();
  await expect(loginLink.getByRole("button", { name: "Turn on Login link and code" })).toBeVisible();
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/p/demo/login");
  await expect(visitor.getByLabel("Password")).toBeVisible();
  await expect(visitor.getByRole("link", { name: "Email me a login link or code" })).toHaveCount(0);
  await visitor.goto("/p/demo/login/email");
  await expect(visitor.getByText("This portal does not send sign-in emails.")).toBeVisible();
  await loginLink.getByRole("button", { name: "Turn on Login link and code" }).click();
  await expect(loginLink.getByRole("button", { name: "Turn off Login link and code" })).toBeVisible();
  await visitor.goto("/p/demo/login");
  await expect(visitor.getByRole("link", { name: "Email me a login link or code" })).toBeVisible();
  await welcome.getByRole("button", { name: "Turn off Welcome / set your password" }).click();
  await expect(welcome.getByRole("button", { name: "Turn on Welcome / set your password" })).toBeVisible();

  await openContact(admin, "noah.smith@demo.portico.test", "Offers");
  await admin.getByLabel("Offer to grant").selectOption({ label: "All-Access Pass" });
  await admin.getByRole("button", { name: "Grant" }).click();
  await expect(admin.getByText("Granted All-Access Pass. The welcome email is turned off for this workspace.")).toBeVisible();

  await admin.goto("/admin/demo/emails/system");
  await admin.waitForLoadState("networkidle");
  await welcome.getByRole("button", { name: "Turn on Welcome / set your password" }).click();
  await expect(welcome.getByRole("button", { name: "Turn off Welcome / set your password" })).toBeVisible();
});

test("template editor: unknown fields refused, live preview for a contact, test send, send with a working login link", async ({ browser }) => {
  const admin = await adminPage(browser, demoState().admin);
  await admin.goto("/admin/demo/emails/templates");
  await admin.getByLabel("Name (only admins see it)").fill("Come back");
  await admin.getByLabel("Subject").fill("{{contact.nickname}}, we miss you");
  await admin.getByRole("button", { name: "Create template" }).click();
  await expect(admin.getByText("Unknown field: {{contact.nickname}}. Use one of the fields listed.")).toBeVisible();
  await admin.getByLabel("Subject").fill("{{contact.first_name}}, come back to {{workspace.name}}");
  await admin.getByRole("button", { name: "Create template" }).click();
  await expect(admin).toHaveURL(/\/emails\/templates\/[0-9a-f-]{36}$/);

  await admin.getByLabel("Preview for contact (email)").fill("alex.rivera@demo.portico.test");
  await admin.getByRole("button", { name: "Preview" }).click();
  await expect(admin.getByTestId("preview-subject")).toHaveText("Alex, come back to Northwind Studio");
  await expect(admin.frameLocator("iframe[title='Template preview']").getByText(/one-time-link-created-when-sent/)).toBeVisible();
  await admin.getByRole("button", { name: "Send test to me" }).click();
  await expect(admin.getByText("Test email queued for owner@demo.portico.test.")).toBeVisible();
  await admin.screenshot({ path: "test-results/template-editor.png", fullPage: true });

  await admin.getByLabel("Contacts matching").fill("sam.chen");
  await admin.getByRole("button", { name: "Send", exact: true }).click();
  // The dashboard's own dialog says how many people the email reaches before anything is sent.
  await admin.getByRole("alertdialog", { name: "Email 1 contact?" }).getByRole("button", { name: "Send to 1 contact" }).click();
  await expect(admin.getByRole("heading", { name: "Emails to 1 contact" })).toBeVisible();
  await expect(admin.getByTestId("bulk-progress")).toContainText(/Sent\s*1/, { timeout: 20_000 });
  const link = await latestEmailLink(admin, "sam.chen@demo.portico.test", /Sam, come back to Northwind Studio/);
  const learner = await (await browser.newContext()).newPage();
  await learner.goto(link);
  await expect(learner.getByRole("heading", { name: "Continue to Northwind Studio" })).toBeVisible();
});

/** A Resend (Svix-signed) webhook call, as Resend would make it. */
function signedWebhook(body: object, secret = WEBHOOK_SECRET) {
  const raw = JSON.stringify(body);
  const id = `msg_${Date.now()}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64")).update(`${id}.${ts}.${raw}`).digest("base64");
  return { data: raw, headers: { "content-type": "application/json", "svix-id": id, "svix-timestamp": ts, "svix-signature": `v1,${sig}` } };
}

test("a signed bounce webhook marks the email bounced and suppresses the address until an admin lifts it", async ({ browser, request }) => {
  const email = "jonas.berg@demo.portico.test";
  const admin = await adminPage(browser, demoState().admin);
  await openContact(admin, email, "Actions");
  await expect(admin.getByRole("heading", { name: "Jonas Berg" })).toBeVisible();
  const contactUrl = admin.url().replace(/\?.*$/, "");
  await admin.getByRole("button", { name: "Send login email" }).click();
  await expect(admin.getByText(`Login email queued for ${email}.`)).toBeVisible();
  await openLatestEmail(admin, email, /Your sign-in link/);
  const messageId = admin.url().split("/").pop()!;

  const event = { type: "email.bounced", data: { email_id: `dev_${messageId}`, bounce: { type: "Permanent", message: "Mailbox does not exist" } } };
  expect((await request.post("/api/webhooks/resend", signedWebhook(event, "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZw=="))).status()).toBe(401);
  const accepted = await request.post("/api/webhooks/resend", signedWebhook(event));
  expect([accepted.status(), (await accepted.json()).message]).toEqual([200, "Recorded bounced."]);

  await admin.goto(`${contactUrl}?tab=emails`);
  await expect(admin.getByTestId("delivery-log")).toContainText("Bounced: Mailbox does not exist");
  await expect(admin.getByTestId("suppressed")).toContainText("hard bounce");
  await admin.screenshot({ path: "test-results/bounced.png", fullPage: true });
  await admin.getByRole("button", { name: "Lift suppression" }).click();
  await admin.getByRole("alertdialog", { name: "Send to this address again?" }).getByRole("button", { name: "Lift suppression" }).click();
  await expect(admin.getByTestId("suppressed")).toHaveCount(0);
  await admin.getByTestId("delivery-log").locator("> li").filter({ hasText: "Bounced" }).getByRole("button", { name: "Retry" }).click();
  await expect(admin.getByTestId("delivery-log").locator("> li").first()).toContainText("delivered", { timeout: 20_000 });
});
