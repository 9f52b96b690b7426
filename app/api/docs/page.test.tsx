import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";
import ApiDocsPage from "./page";

describe("/api/docs", () => {
  it("renders every operation, the webhook events with their headers, and the payload schema", () => {
    const html = renderToStaticMarkup(<ApiDocsPage />);
    expect(html).toContain('id="webhook-events"');
    for (const [type, t] of Object.entries(WEBHOOK_EVENT_TYPES)) {
      expect(html).toContain(`>${type}</dt>`);
      expect(html).toContain(t.label);
    }
    for (const h of ["webhook-id", "webhook-timestamp", "webhook-signature"]) expect(html).toContain(`>${h}</dt>`);
    expect(html).toContain('id="schema-WebhookPayload"');
    expect(html).toContain("Grant an offer");
  });
});
