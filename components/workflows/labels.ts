import { plural } from "@/lib/utils";
import type { WorkflowChoices } from "@/lib/workflows/manage";

const LISTS: Record<string, keyof WorkflowChoices> = { offerId: "offers", productId: "products", categoryId: "categories", lessonId: "lessons", groupId: "groups" };

/** A workflow's filter in words, for the list: "All-Access Pass · contacts tagged vip". */
export function filterLabel(w: { filter: Record<string, unknown> }, choices: WorkflowChoices): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(w.filter)) {
    if (typeof value !== "string" || !value) continue;
    const list = LISTS[key];
    if (list) parts.push(choices[list].find((c) => c.id === value)?.label ?? "(deleted)");
    else if (key === "tag") parts.push(`tag “${value}”`);
    else if (key === "contactTag") parts.push(`contacts tagged “${value}”`);
  }
  return parts.join(" · ");
}

export const deleteQuestion = (name: string, runs: number) =>
  `Delete the workflow “${name}”? ${runs ? `Its ${plural(runs, "run")} and their step history are deleted with it.` : "It has no runs yet."} This cannot be undone.`;

const NAMES: Record<string, string> = { offerId: "Offer", productId: "Course", categoryId: "Section", lessonId: "Lesson", groupId: "Group", templateId: "Email template" };

/** "emailId" → "Email id", "loginLink" → "Login link". */
export const keyLabel = (key: string) => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A value as a person reads it: yes/no, text, or compact JSON. */
export const valueLabel = (v: unknown): string => (typeof v === "boolean" ? (v ? "yes" : "no") : typeof v === "string" ? v : v === null || v === undefined ? "—" : JSON.stringify(v));

/**
 * Event data or a step's config in words: record ids named from the workspace's choices
 * ("Offer: All-Access Pass"), everything else as key: value.
 */
export function dataPairs(data: Record<string, unknown>, choices: WorkflowChoices): { label: string; value: string }[] {
  return Object.entries(data)
    .filter(([, v]) => v !== undefined && v !== "")
    // "offerTitle" beside "offerId": the id is named already.
    .filter(([key]) => !/^(.+)(Title|Name)$/.test(key) || !(key.replace(/(Title|Name)$/, "Id") in data))
    .map(([key, v]) => {
      const list = key === "templateId" ? "templates" : LISTS[key];
      const named = list && typeof v === "string" ? (choices[list].find((c) => c.id === v)?.label ?? `(deleted) ${v}`) : null;
      return { label: NAMES[key] ?? keyLabel(key), value: named ?? valueLabel(v) };
    });
}
