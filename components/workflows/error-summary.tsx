import { Alert } from "@/components/ui/alert";
import { fieldId } from "./field-shell";

/** Where an error key points, in words: `steps.2.templateId` → "Step 3". */
function placeOf(key: string): string {
  const [head, n] = key.split(".");
  if (head === "steps" && n !== undefined) return `Step ${Number(n) + 1}`;
  if (head === "steps") return "Steps";
  if (head === "stopWhen" && n !== undefined) return `Stop condition ${Number(n) + 1}`;
  if (head === "filter") return key === "filter.contactTag" ? "Contact tag" : "Trigger filter";
  if (head === "trigger") return "Trigger";
  return head === "name" ? "Name" : "Workflow";
}

/** The errors of a failed save at the top of the builder, each a link to its field (which shows it too). */
export function ErrorSummary({ errors, message }: { errors: Record<string, string>; message?: string }) {
  const entries = Object.entries(errors);
  if (!entries.length && !message) return null;
  return (
    <Alert tone="error" data-testid="workflow-errors">
      <p className="font-medium">{entries.length ? "Please correct the highlighted fields:" : message}</p>
      {entries.length ? (
        <ul className="mt-1 list-disc space-y-0.5 pl-5">
          {entries.map(([key, text]) => (
            <li key={key}>
              <a href={`#${fieldId(key)}`} className="underline underline-offset-2">{placeOf(key)}</a>: {text}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
