import type { StepType } from "../definitions";
import { addToGroupStep, grantOfferStep, revokeOfferStep } from "./access";
import { sendEmail, sendLoginEmail, sendWelcomeEmail } from "./email";
import type { StepImpl } from "./types";
import { sendSmsStep } from "./sms";
import { callWebhook } from "./webhook";

export const STEP_IMPLS: Partial<Record<StepType, StepImpl>> = {
  send_email: sendEmail,
  send_welcome_email: sendWelcomeEmail,
  send_login_email: sendLoginEmail,
  grant_offer: grantOfferStep,
  revoke_offer: revokeOfferStep,
  add_to_group: addToGroupStep,
  wait: { kind: "wait" },
  send_sms: sendSmsStep,
  call_webhook: callWebhook,
};
