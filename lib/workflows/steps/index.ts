import type { StepType } from "../definitions";
import { addTagStep, addToGroupStep, grantOfferStep, removeFromGroupStep, removeTagStep, revokeOfferStep } from "./access";
import { sendEmail, sendLoginEmail, sendWelcomeEmail } from "./email";
import type { StepImpl } from "./types";
import { sendSmsStep } from "./sms";
import { callWebhook } from "./webhook";

/** Every step type of lib/workflows/definitions.ts and what runs it. */
export const STEP_IMPLS: Record<StepType, StepImpl> = {
  send_email: sendEmail,
  send_welcome_email: sendWelcomeEmail,
  send_login_email: sendLoginEmail,
  grant_offer: grantOfferStep,
  revoke_offer: revokeOfferStep,
  add_to_group: addToGroupStep,
  remove_from_group: removeFromGroupStep,
  add_tag: addTagStep,
  remove_tag: removeTagStep,
  wait: { kind: "wait" },
  send_sms: sendSmsStep,
  call_webhook: callWebhook,
};
