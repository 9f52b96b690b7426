/**
 * The event types an endpoint can subscribe to (issue 16): public names, stable across
 * releases, each backed by one internal event type of the event log (lib/access/events.ts).
 * The dashboard, the API's schemas and the OpenAPI document all read this table.
 */
export const WEBHOOK_EVENT_TYPES = {
  "contact.created": { internal: "contact_created", label: "Contact created", description: "A contact was added (API, import, checkout, invitation)." },
  "contact.updated": { internal: "contact_updated", label: "Contact updated", description: "A contact's name, phone or tags changed." },
  "contact.signed_up": { internal: "new_sign_up", label: "New sign-up", description: "A contact signed in to the portal for the first time." },
  "offer_access.granted": { internal: "offer_access_granted", label: "Offer access granted", description: "A contact was granted an offer." },
  "offer_access.removed": { internal: "offer_access_removed", label: "Offer access removed", description: "A contact's grant of an offer was revoked." },
  "product_access.granted": { internal: "product_access_granted", label: "Product access granted", description: "A contact can now open a product (through a new grant)." },
  "product_access.removed": { internal: "product_access_removed", label: "Product access removed", description: "A contact can no longer open a product (no grant reaches it any more)." },
  "lesson.completed": { internal: "lesson_completed", label: "Lesson completed", description: "A contact marked a lesson complete." },
  "product.completed": { internal: "product_completed", label: "Product completed", description: "A contact completed every lesson of a product." },
  "group.joined": { internal: "group_joined", label: "Group joined", description: "A contact was added to a community group." },
  "group.left": { internal: "group_left", label: "Group left", description: "A contact was removed from a community group." },
  "email.bounced": { internal: "email_bounced", label: "Email bounced", description: "An email to a contact bounced (the provider said so)." },
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;
export const WEBHOOK_EVENT_TYPE_NAMES = Object.keys(WEBHOOK_EVENT_TYPES) as [WebhookEventType, ...WebhookEventType[]];

/** What "Send test event" sends; not subscribable, always delivered to the endpoint it is sent to. */
export const TEST_EVENT_TYPE = "webhook.test";

const byInternal = new Map<string, WebhookEventType>(Object.entries(WEBHOOK_EVENT_TYPES).map(([pub, t]) => [t.internal, pub as WebhookEventType]));

/** The public type of an internal event type, or undefined when webhooks do not carry it. */
export const publicEventType = (internal: string): WebhookEventType | undefined => byInternal.get(internal);
