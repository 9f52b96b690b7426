/**
 * API keys (issue 16) as the demo owner manages them: Settings → API keys, a key with
 * contacts:read made and shown once (copied), only its prefix after a reload; the key works on
 * GET /api/v1/contacts, the call shows under "Recent API requests" (its audit entry) with the
 * key's name and prefix, and, once revoked, the key is refused with a 401. Runs first among the
 * demo specs on a fresh server, so the workspace starts with no keys and no requests.
 */
import { expect, test } from "@playwright/test";
import { demoState, expectAccessible, shots } from "../helpers";

const NAME = "Checkout (e2e)";

test("an owner creates an API key, sees it once, uses it on /api/v1/contacts and revokes it", async ({ browser, request }) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const admin = await context.newPage();
  await admin.goto("/admin/login");
  await admin.getByLabel("Email").fill(demoState().admin.email);
  await admin.getByLabel("Password").fill(demoState().admin.password);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo$/);

  await admin.goto("/admin/demo/settings");
  await admin.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API keys" }).click();
  await expect(admin).toHaveURL(/\/admin\/demo\/settings\/api-keys$/);
  await expect(admin.getByTestId("api-keys-empty")).toHaveText("No API keys yet. Create one to call the API from your checkout, CRM or automation tool.");
  await expect(admin.getByRole("heading", { name: "Recent API requests" })).toBeVisible();
  await expect(admin.getByTestId("api-requests-empty")).toHaveText("No API requests yet. Once a key is used, each call shows here with its key, method, path and status.");
  await shots(admin, "api-keys-empty");

  // No scope chosen: the error is beside the scopes, and the name is kept.
  await admin.getByLabel("Name").fill(NAME);
  await admin.getByRole("button", { name: "Create key" }).click();
  await expect(admin.getByText("Choose at least one scope.")).toBeVisible();
  await expect(admin.getByLabel("Name")).toHaveValue(NAME);

  await admin.getByRole("checkbox", { name: /contacts:read/ }).check();
  await admin.getByLabel("Expires after (days)").fill("30");
  await admin.getByRole("button", { name: "Create key" }).click();
  const shown = admin.getByRole("dialog", { name: `Your new API key “${NAME}”` });
  await expect(shown).toBeVisible();
  await expect(shown.getByText("Copy it now: Portico keeps only its fingerprint and cannot show it again.")).toBeVisible();
  const key = await shown.getByTestId("api-key-value").inputValue();
  expect(key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
  await shown.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(shown.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await shots(admin, "api-key-shown");
  await shown.getByRole("button", { name: "I have copied it" }).click();
  await expect(shown).toHaveCount(0);
  // Gone once the dialog closes: not in the form, not anywhere in the page.
  await expect(admin.getByLabel("Name")).toHaveValue("");
  expect(await admin.content()).not.toContain(key);

  await admin.reload();
  const row = admin.getByTestId("api-keys").getByRole("listitem").filter({ hasText: NAME });
  await expect(row.getByTestId("api-key-prefix")).toHaveText(`${key.slice(0, 11)}…`);
  await expect(row.getByText("active", { exact: true })).toBeVisible();
  const chip = row.getByRole("list", { name: `Scopes of ${NAME}` }).getByRole("listitem");
  await expect(chip).toHaveText("contacts:read: Read contacts, their tags and grants; offers and products");
  await expect(chip).toHaveAttribute("title", "Read contacts, their tags and grants; offers and products");
  await expect(row.getByText("never", { exact: true })).toBeVisible();
  expect(await admin.content()).not.toContain(key);

  // app/api/v1/contacts exists (issue 16): the key reads this workspace's contacts.
  const bearer = { authorization: `Bearer ${key}` };
  expect((await request.get("/api/v1/contacts")).status()).toBe(401);
  const listed = await request.get("/api/v1/contacts?limit=5", { headers: bearer });
  expect(listed.status()).toBe(200);
  expect((await listed.json()).data.length).toBeGreaterThan(0);
  // The call's audit entry (only authenticated calls are: the 401 without a key has no workspace);
  // request entries are written in batches within 50 ms (lib/api/request-audit.ts).
  const calls = admin.getByTestId("api-requests").getByRole("listitem");
  await expect(async () => {
    await admin.reload();
    await expect(calls).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await expect(row.getByText("never", { exact: true })).toHaveCount(0);
  await expect(calls.first()).toContainText("GET");
  await expect(calls.first()).toContainText("/api/v1/contacts");
  await expect(calls.first()).toContainText(NAME);
  await expect(calls.first()).toContainText(`${key.slice(0, 11)}…`);
  await expect(calls.first().getByTestId("api-request-status")).toHaveText("status 200");
  await expect(calls.first().locator("time")).toBeVisible();
  await shots(admin, "api-keys-list");

  await row.getByRole("button", { name: `Revoke ${NAME}` }).click();
  const confirm = admin.getByRole("alertdialog");
  await expect(confirm).toContainText("Requests with this key are refused from now on");
  await expectAccessible(admin, "revoke confirmation");
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(row.getByText("revoked", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: `Revoke ${NAME}` })).toHaveCount(0);

  const refused = await request.get("/api/v1/contacts", { headers: bearer });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).detail).toMatch(/revoked/);
  await context.close();
});
