import { expect, test } from "@playwright/test";
import { latestEmailLink } from "../helpers";

const owner = { name: "Ada Lovelace", email: "ada@example.com", password: "violet canyon drifts slowly" };

test.describe.configure({ mode: "serial" });

test("setup wizard creates the owner and workspace; the owner signs out and in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: /set up your portal/i })).toBeVisible();

  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill(owner.password);
  await page.getByLabel("Business name").fill("Acme Academy");
  await expect(page.getByLabel("Portal address")).toHaveValue("acme-academy");
  await page.getByRole("button", { name: "Create account and workspace" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Your name")).toHaveValue(owner.name);

  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("password1");
  await page.getByRole("button", { name: "Create account and workspace" }).click();
  await expect(page.getByText(/too easy to guess|common/i).first()).toBeVisible();

  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Create account and workspace" }).click();
  await expect(page).toHaveURL(/\/admin\/acme-academy$/);
  await expect(page.getByRole("heading", { name: "Client Portal" })).toBeVisible();
  await expect(page.getByTestId("portal-url")).toHaveValue(/\/p\/acme-academy$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/admin\/login$/);
  await page.goto("/admin/acme-academy");
  await expect(page).toHaveURL(/\/admin\/login$/);
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/admin\/login$/);

  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("wrong password here");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("main [role=alert]")).toHaveText("Email or password is incorrect.");
  await expect(page.getByLabel("Password")).toHaveValue("");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("main [role=alert]")).toHaveText("Email or password is incorrect.");
  await expect(page.getByLabel("Password")).toHaveValue("");

  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/acme-academy$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/admin\/login$/);
});

test("admin forgot-password through the dev mailbox signs in with the new password and kills the link", async ({ page }) => {
  await page.goto("/admin/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // Client-side navigation: wait for the new page, or the login page's Email box gets the text.
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(owner.email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  const sent = page.locator("main [role=status]");
  await expect(sent).toContainText("If an admin account exists for that email");

  // The same words for an address with no account.
  await page.goto("/admin/forgot-password");
  await page.getByLabel("Email").fill("stranger@example.com");
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.locator("main [role=status]")).toHaveText((await sent.textContent())!);

  const link = await latestEmailLink(page, owner.email, /Reset your Portico admin password/);
  expect(link).toMatch(/^http:\/\/localhost:3201\/admin\/reset-password\/[A-Za-z0-9_-]{43}$/);
  await page.goto(link);
  await page.reload(); // opening the link (twice) must not use it up
  await page.getByLabel("New password").fill("amber lantern quietly hums");
  await page.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/acme-academy$/);

  await page.goto(link);
  await expect(page.getByTestId("dead-link-reason")).toHaveText(/already been used/);

  await page.context().clearCookies();
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("main [role=alert]")).toHaveText("Email or password is incorrect.");
  await expect(page.getByLabel("Password")).toHaveValue("");
  await page.getByLabel("Password").fill("amber lantern quietly hums");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/acme-academy$/);
});
