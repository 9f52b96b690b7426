/**
 * Outbound webhooks (issue 16) as the demo owner runs them: Settings → Webhooks, an endpoint
 * pointing at a receiver this test runs on 127.0.0.1 (the demo server allows that network through
 * OUTBOUND_ALLOW_PRIVATE, see playwright.config.ts), its secret shown once; "Send test event" is
 * delivered by the server's worker, the receiver verifies the Standard Webhooks signature with the
 * secret the page showed, and the dashboard shows the delivery (200, latency, attempt 1), its
 * request and answer, Redeliver (same webhook-id) and a rotation (both secrets sign). The endpoint
 * is deleted at the end, so the other demo specs' events go nowhere.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { adminPage, demoState, expectAccessible, shots } from "../helpers";

type Received = { headers: Record<string, string>; body: string };

/** A receiver that answers 200 with a small JSON body and keeps what it got. */
async function receiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      received.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
      res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/portico`, close: () => new Promise((r) => server.close(r)) };
}

test("an owner adds a webhook endpoint, sees its secret once, sends a test event and sees it delivered, signed", async ({ browser }) => {
  const hook = await receiver();
  const admin = await adminPage(browser, demoState().admin);
  let endpointUrl: string | null = null;
  try {
    await admin.goto("/admin/demo/settings");
    await admin.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(admin).toHaveURL(/\/admin\/demo\/settings\/webhooks$/);
    await expect(admin.getByTestId("webhook-endpoints-empty")).toContainText("No webhook endpoints yet. Add one below");
    await shots(admin, "webhooks-empty");

    // Errors beside the fields; what was typed is kept.
    await admin.getByLabel("Endpoint URL").fill("ftp://example.com/hook");
    await admin.getByLabel("Description (optional)").fill("Receiver (e2e)");
    await admin.getByRole("button", { name: "Add endpoint" }).click();
    await expect(admin.getByText("The URL must start with https://.")).toBeVisible();
    await expect(admin.getByText("Choose at least one event type.")).toBeVisible();
    await expect(admin.getByLabel("Endpoint URL")).toHaveAttribute("aria-invalid", "true");
    await expect(admin.getByLabel("Description (optional)")).toHaveValue("Receiver (e2e)");

    await admin.getByLabel("Endpoint URL").fill(hook.url);
    await admin.getByRole("checkbox", { name: /Contact created/ }).check();
    await admin.getByRole("button", { name: "Add endpoint" }).click();
    const shown = admin.getByRole("dialog", { name: "Your endpoint's signing secret" });
    await expect(shown).toBeVisible();
    await expect(shown.getByText("Copy it now: Portico cannot show it again.")).toBeVisible();
    const secret = await shown.getByTestId("webhook-secret-value").inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    await shots(admin, "webhook-secret-shown");
    await shown.getByRole("button", { name: "I have copied it" }).click();

    // The endpoint's page: no deliveries yet; the secret is nowhere in it.
    await expect(admin).toHaveURL(/\/admin\/demo\/settings\/webhooks\/[0-9a-f-]{36}$/);
    endpointUrl = admin.url();
    await expect(admin.getByRole("heading", { name: hook.url })).toBeVisible();
    await expect(admin.getByTestId("webhook-deliveries-empty")).toContainText("Send a test event");
    expect(await admin.content()).not.toContain(secret);

    await admin.getByRole("button", { name: "Send test event" }).click();
    await expect(admin.getByTestId("toast").filter({ hasText: "Test event queued: it goes out in a moment." })).toBeVisible();
    const delivery = admin.getByTestId("webhook-deliveries").getByRole("listitem").filter({ hasText: "Test event" });
    // The worker sends it; the page refreshes itself while it is queued.
    await expect(delivery.getByText("delivered", { exact: true })).toBeVisible({ timeout: 20_000 });
    await expect(delivery.getByTestId("delivery-http-status")).toHaveText("200");
    await expect(delivery.getByTestId("delivery-attempts")).toHaveText("1");
    await expect(delivery.getByTestId("delivery-latency")).toHaveText(/^\d+ ms$/);

    // What the receiver got verifies with the secret the page showed.
    expect(hook.received).toHaveLength(1);
    const [first] = hook.received;
    expect(first!.headers["webhook-id"]).toBeTruthy();
    expect(first!.headers["webhook-timestamp"]).toMatch(/^\d+$/);
    expect(first!.headers["webhook-signature"]).toMatch(/^v1,/);
    expect(new Webhook(secret).verify(first!.body, first!.headers)).toMatchObject({ type: "webhook.test", data: { workspace: { slug: "demo" } } });
    expect(() => new Webhook(`whsec_${Buffer.from("not the secret").toString("base64")}`).verify(first!.body, first!.headers)).toThrow();
    await shots(admin, "webhook-endpoint");

    // The delivery: the request as sent, each attempt's answer; Redeliver sends the same message again.
    await delivery.getByRole("link", { name: "Test event" }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Test event" })).toBeVisible();
    await expect(admin.getByTestId("delivery-summary")).toContainText(first!.headers["webhook-id"]!);
    await expect(admin.getByTestId("delivery-request-headers")).toContainText(`webhook-id: ${first!.headers["webhook-id"]}`);
    await expect(admin.getByTestId("delivery-request-headers")).not.toContainText("webhook-signature");
    await expect(admin.getByTestId("delivery-request-body")).toContainText('"type": "webhook.test"');
    const attempt = admin.getByTestId("delivery-attempt-log").getByRole("listitem");
    await expect(attempt).toHaveCount(1);
    await expect(attempt).toContainText("Attempt 1");
    await expect(attempt).toContainText("HTTP 200");
    await expect(attempt).toContainText('{"received":true}');
    await shots(admin, "webhook-delivery");

    await admin.getByRole("button", { name: "Redeliver" }).click();
    await expect(admin.getByTestId("toast").filter({ hasText: "Queued: it goes out again in a moment, under the same webhook-id." })).toBeVisible();
    await expect.poll(() => hook.received.length, { timeout: 20_000 }).toBe(2);
    expect(hook.received[1]!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(hook.received[1]!.body).toBe(first!.body);
    await expect(attempt).toHaveCount(2, { timeout: 10_000 });

    // Rotation: the new secret once, and both secrets verify what is sent meanwhile.
    await admin.goto(endpointUrl);
    await admin.getByRole("button", { name: "Rotate secret" }).click();
    const rotateConfirm = admin.getByRole("alertdialog");
    await expect(rotateConfirm).toContainText("every delivery carries two signatures");
    await rotateConfirm.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = admin.getByRole("dialog", { name: "The new signing secret" });
    await expect(rotated).toContainText("The old secret keeps verifying until");
    const newSecret = await rotated.getByTestId("webhook-secret-value").inputValue();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await rotated.getByRole("button", { name: "I have copied it" }).click();
    await expect(admin.getByText("The secret before the last rotation keeps verifying until")).toBeVisible();
    await admin.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => hook.received.length, { timeout: 20_000 }).toBe(3);
    const third = hook.received[2]!;
    expect(third.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    for (const s of [newSecret, secret]) expect(new Webhook(s).verify(third.body, third.headers)).toMatchObject({ type: "webhook.test" });

    // The list: the endpoint with what it hears and how its deliveries went.
    await admin.getByRole("link", { name: "← Webhook endpoints" }).click();
    const listed = admin.getByTestId("webhook-endpoints").getByRole("listitem").filter({ hasText: hook.url }).first();
    await expect(listed).toContainText("Receiver (e2e)");
    await expect(listed).toContainText("enabled");
    await expect(listed.getByRole("list", { name: `Event types of ${hook.url}` })).toHaveText("Contact created");
    await expect(async () => {
      await admin.reload();
      await expect(listed.getByTestId("endpoint-counts")).toHaveText("Delivered2Failed0Queued0", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await shots(admin, "webhooks-list");

    // Delete, behind a confirmation.
    await admin.goto(endpointUrl);
    await admin.getByRole("button", { name: "Delete" }).click();
    const confirm = admin.getByRole("alertdialog");
    await expect(confirm).toContainText("its delivery history is deleted with it");
    await expectAccessible(admin, "delete endpoint confirmation");
    await confirm.getByRole("button", { name: "Delete" }).click();
    await expect(admin).toHaveURL(/\/admin\/demo\/settings\/webhooks\?deleted=1$/);
    endpointUrl = null;
    await expect(admin.getByText("Endpoint deleted, with its delivery history.")).toBeVisible();
    await expect(admin.getByTestId("webhook-endpoints-empty")).toBeVisible();
  } finally {
    // A failed run leaves nothing behind for the specs that follow.
    if (endpointUrl) {
      await admin.goto(endpointUrl).catch(() => {});
      await admin.getByRole("button", { name: "Delete" }).click().catch(() => {});
      await admin.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click().catch(() => {});
      await admin.waitForURL(/deleted=1/, { timeout: 10_000 }).catch(() => {});
    }
    await admin.context().close();
    await hook.close();
  }
});
