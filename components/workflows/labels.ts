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
