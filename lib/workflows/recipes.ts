/**
 * Starter recipes: a workflow a new workspace usually wants, one click away. A recipe always
 * creates its workflow turned OFF — it acts on real contacts as soon as it is on (a welcome
 * email on every grant, say, next to the one the grant already sends), so the admin reviews
 * it, then turns it on. A recipe whose choices cannot be made for the admin (which lesson,
 * which offer; which group when there are several) opens the builder prefilled instead.
 */
import type { Ctx } from "@/lib/context";
import type { StepType, TriggerType, WorkflowDef } from "./definitions";
import { saveWorkflow, workflowChoices, type WorkflowChoices } from "./manage";

/** A definition as the builder holds it: every field as typed, ids possibly not chosen yet. */
export type WorkflowDraft = {
  name: string;
  trigger: TriggerType | "";
  filter: Record<string, string>;
  steps: { type: StepType; config: Record<string, string | boolean> }[];
  stopWhen: { type: "offer_revoked" | "has_tag"; offerId?: string; tag?: string }[];
};

type Recipe = { label: string; description: string; draft: (c: WorkflowChoices) => WorkflowDraft };

const onlyOne = (list: { id: string }[]) => (list.length === 1 ? list[0]!.id : "");

export const RECIPES = {
  "welcome-email": {
    label: "Offer Access Granted → Send Membership Welcome Email",
    description: "Every contact granted an offer gets the welcome email with a sign-in link.",
    draft: () => ({ name: "Welcome new members", trigger: "offer_access_granted", filter: {}, steps: [{ type: "send_welcome_email", config: {} }], stopWhen: [] }),
  },
  "signup-group": {
    label: "New Sign Up → add to the community group",
    description: "A contact's first portal sign-in makes them a member of your community group.",
    draft: (c) => ({ name: "Add new sign-ups to the community", trigger: "new_sign_up", filter: {}, steps: [{ type: "add_to_group", config: { groupId: onlyOne(c.groups) } }], stopWhen: [] }),
  },
  "next-offer": {
    label: "Lesson Completed (last lesson) → grant the next offer",
    description: "Finishing a course's last lesson unlocks the next offer: choose the lesson and the offer.",
    draft: () => ({ name: "Unlock the next course", trigger: "lesson_completed", filter: { lessonId: "" }, steps: [{ type: "grant_offer", config: { offerId: "", sendWelcome: true } }], stopWhen: [] }),
  },
  "login-sms": {
    label: "Offer Access Granted → SMS with the login URL",
    description: "A text message with a one-time sign-in link when a contact is granted an offer.",
    draft: () => ({
      name: "Text the sign-in link",
      trigger: "offer_access_granted",
      filter: {},
      steps: [{ type: "send_sms", config: { body: "Hi {{contact.first_name}}, you now have access to {{offer.title}}. Sign in here: {{login_url}}" } }],
      stopWhen: [],
    }),
  },
} as const satisfies Record<string, Recipe>;

export type RecipeKey = keyof typeof RECIPES;
export const RECIPE_KEYS = Object.keys(RECIPES) as [RecipeKey, ...RecipeKey[]];
export const isRecipeKey = (key: unknown): key is RecipeKey => typeof key === "string" && key in RECIPES;

export function recipeDraft(key: RecipeKey, choices: WorkflowChoices): WorkflowDraft {
  return (RECIPES[key] as Recipe).draft(choices);
}

/** Whether the recipe's every choice is made: then one click creates it; otherwise it opens in the builder. */
export function recipeReady(draft: WorkflowDraft): boolean {
  const ids = [...Object.values(draft.filter), ...draft.steps.flatMap((s) => Object.entries(s.config).filter(([k]) => k.endsWith("Id")).map(([, v]) => v))];
  return ids.every((v) => v !== "");
}

/** The builder's draft of a saved definition (a workflow or one of its versions). */
export function draftOf(def: { name: string; trigger: string; filter: Record<string, unknown>; steps: { type: string; config: Record<string, unknown> }[]; stopWhen: { type: string; [k: string]: unknown }[] }): WorkflowDraft {
  const text = (v: unknown) => (typeof v === "boolean" ? v : v == null ? "" : String(v));
  return {
    name: def.name,
    trigger: def.trigger as TriggerType,
    filter: Object.fromEntries(Object.entries(def.filter).map(([k, v]) => [k, String(v ?? "")])),
    steps: def.steps.map((s) => ({ type: s.type as StepType, config: Object.fromEntries(Object.entries(s.config).map(([k, v]) => [k, text(v)])) })),
    stopWhen: def.stopWhen.map((c) => ({ type: c.type as "offer_revoked" | "has_tag", offerId: c.offerId ? String(c.offerId) : undefined, tag: c.tag ? String(c.tag) : undefined })),
  };
}

/**
 * One click: the recipe's workflow, created turned off — or, when a choice is left to make or
 * the draft does not pass the checks, nothing (the caller opens the builder prefilled).
 */
export async function startRecipe(ctx: Ctx, key: RecipeKey): Promise<{ ok: true; id: string } | { ok: false }> {
  const draft = recipeDraft(key, await workflowChoices(ctx.workspace.id));
  if (!recipeReady(draft)) return { ok: false };
  const saved = await saveWorkflow(ctx, draft as WorkflowDef);
  return saved.ok ? saved : { ok: false };
}
