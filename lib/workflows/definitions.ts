/**
 * What a workflow is made of (SPEC §8): one trigger with an optional filter, ordered steps and
 * "stop when" conditions. The zod schemas here are the one shape the builder, the server
 * actions, the engine and the API share; lib/workflows/validate.ts checks what zod cannot
 * (the offer, group or template belongs to the workspace, the merge fields exist).
 */
import { z } from "zod";

export const TRIGGERS = {
  offer_access_granted: { label: "Offer Access Granted", subject: "offer" },
  offer_access_removed: { label: "Offer Access Removed", subject: "offer" },
  product_access_granted: { label: "Product Access Granted", subject: "product" },
  product_access_removed: { label: "Product Access Removed", subject: "product" },
  new_sign_up: { label: "New Sign Up", subject: null },
  product_started: { label: "Product Started", subject: "product" },
  product_completed: { label: "Product Completed", subject: "product" },
  category_started: { label: "Category Started", subject: "category" },
  category_completed: { label: "Category Completed", subject: "category" },
  lesson_started: { label: "Lesson Started", subject: "lesson" },
  lesson_completed: { label: "Lesson Completed", subject: "lesson" },
  contact_invited: { label: "Contact Invited", subject: null },
  group_joined: { label: "Group Joined", subject: "group" },
  group_left: { label: "Group Left", subject: "group" },
  tag_added: { label: "Tag Added", subject: "tag" },
} as const satisfies Record<string, { label: string; subject: FilterSubject | null }>;

export type FilterSubject = "offer" | "product" | "category" | "lesson" | "group" | "tag";
export type TriggerType = keyof typeof TRIGGERS;
export const TRIGGER_TYPES = Object.keys(TRIGGERS) as [TriggerType, ...TriggerType[]];

/** The event data field each filter subject matches (lib/access/events.ts writers). */
export const SUBJECT_FIELD: Record<FilterSubject, string> = {
  offer: "offerId",
  product: "productId",
  category: "categoryId",
  lesson: "lessonId",
  group: "groupId",
  tag: "tag",
};

const uuid = (message: string) => z.string({ error: message }).uuid(message);
const optionalUuid = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().uuid("Choose one from the list.").optional());
const tag = z.string({ error: "Enter a tag." }).trim().min(1, "Enter a tag.").max(50, "Tags are at most 50 characters.");

/** Which events start it: the trigger's subject (an offer, a lesson, …) and a tag the contact must have. */
export const filterSchema = z.object({
  offerId: optionalUuid,
  productId: optionalUuid,
  categoryId: optionalUuid,
  lessonId: optionalUuid,
  groupId: optionalUuid,
  tag: z.preprocess((v) => (v === "" ? undefined : v), tag.optional()),
  contactTag: z.preprocess((v) => (v === "" ? undefined : v), tag.optional()),
});
export type WorkflowFilter = z.infer<typeof filterSchema>;

export const WAIT_UNITS = { minutes: 60, hours: 3600, days: 86400 } as const;
export const MAX_WAIT_S = 365 * 86400;
export const SMS_MAX_CHARS = 640;

export const stepSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("send_email"), config: z.object({ templateId: uuid("Choose an email template.") }) }),
  z.object({ type: z.literal("send_welcome_email"), config: z.object({}).default({}) }),
  z.object({ type: z.literal("send_login_email"), config: z.object({}).default({}) }),
  z.object({ type: z.literal("grant_offer"), config: z.object({ offerId: uuid("Choose an offer."), sendWelcome: z.boolean().default(false) }) }),
  z.object({ type: z.literal("revoke_offer"), config: z.object({ offerId: uuid("Choose an offer.") }) }),
  z.object({ type: z.literal("add_to_group"), config: z.object({ groupId: uuid("Choose a group.") }) }),
  z.object({ type: z.literal("remove_from_group"), config: z.object({ groupId: uuid("Choose a group.") }) }),
  z.object({ type: z.literal("add_tag"), config: z.object({ tag }) }),
  z.object({ type: z.literal("remove_tag"), config: z.object({ tag }) }),
  z.object({
    type: z.literal("wait"),
    config: z
      .object({
        amount: z.coerce.number({ error: "Enter how long to wait." }).int("Enter a whole number.").min(1, "Wait at least 1."),
        unit: z.enum(["minutes", "hours", "days"], { error: "Choose minutes, hours or days." }),
      })
      .refine((c) => c.amount * WAIT_UNITS[c.unit] <= MAX_WAIT_S, { message: "Wait at most 365 days.", path: ["amount"] }),
  }),
  z.object({
    type: z.literal("send_sms"),
    config: z.object({ body: z.string({ error: "Write the message." }).trim().min(1, "Write the message.").max(SMS_MAX_CHARS, `Keep it under ${SMS_MAX_CHARS} characters.`) }),
  }),
  z.object({ type: z.literal("call_webhook"), config: z.object({ url: z.string({ error: "Enter the webhook's URL." }).trim().url("Enter a full URL, starting with https://.").max(2000) }) }),
]);
export type WorkflowStepDef = z.infer<typeof stepSchema>;
export type StepType = WorkflowStepDef["type"];

export const STEPS: Record<StepType, { label: string; description: string }> = {
  send_email: { label: "Send email", description: "One of your email templates; {{login_url}} becomes a one-time sign-in link." },
  send_welcome_email: { label: "Send membership welcome email", description: "The welcome email with a sign-in link (Settings → Emails)." },
  send_login_email: { label: "Send login email", description: "A one-time sign-in link by email." },
  grant_offer: { label: "Grant offer", description: "Gives the contact an offer (source: workflow)." },
  revoke_offer: { label: "Revoke offer", description: "Ends the contact's grant of an offer." },
  add_to_group: { label: "Add to group", description: "Makes the contact a member of a community group." },
  remove_from_group: { label: "Remove from group", description: "Ends the contact's membership of a group." },
  add_tag: { label: "Add tag", description: "Adds a tag to the contact." },
  remove_tag: { label: "Remove tag", description: "Removes a tag from the contact." },
  wait: { label: "Wait", description: "Pauses the run, then goes on with the next step." },
  send_sms: { label: "Send SMS", description: "A text message to the contact's phone; {{login_url}} works here too." },
  call_webhook: { label: "Call webhook", description: "POSTs the event as JSON, signed (Standard Webhooks), to your URL." },
};
export const STEP_TYPES = Object.keys(STEPS) as [StepType, ...StepType[]];

/** Ends a waiting run before its next step (checked when it resumes, and when the contact's events say so). */
export const stopConditionSchema = z.discriminatedUnion("type", [
  // The offer (the trigger's own when none is given) is no longer held.
  z.object({ type: z.literal("offer_revoked"), offerId: optionalUuid }),
  z.object({ type: z.literal("has_tag"), tag }),
]);
export type StopConditionDef = z.infer<typeof stopConditionSchema>;

export const MAX_STEPS = 20;

export const workflowSchema = z.object({
  name: z.string({ error: "Give the workflow a name." }).trim().min(1, "Give the workflow a name.").max(120, "Keep the name under 120 characters."),
  trigger: z.enum(TRIGGER_TYPES, { error: "Choose what starts the workflow." }),
  filter: filterSchema.default({}),
  steps: z.array(stepSchema).min(1, "Add at least one step.").max(MAX_STEPS, `A workflow has at most ${MAX_STEPS} steps.`),
  stopWhen: z.array(stopConditionSchema).max(5).default([]),
});
export type WorkflowDef = z.infer<typeof workflowSchema>;
export type WorkflowInput = z.input<typeof workflowSchema>;

/** How many workflow runs may follow from one another for a contact before the chain is stopped (loop guard). */
export const MAX_DEPTH = 5;
/** How many runs one change may cause through chains of workflows, however they branch (loop guard). */
export const MAX_CHAIN_RUNS = 100;

export const waitSeconds = (c: { amount: number; unit: keyof typeof WAIT_UNITS }) => c.amount * WAIT_UNITS[c.unit];

/** The idempotency key of a step: the email's outbox key, the SMS provider key, the webhook id. */
export const stepKey = (runId: string, stepIndex: number) => `wf_${runId}_${stepIndex}`;
