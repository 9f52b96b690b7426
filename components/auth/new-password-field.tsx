"use client";
import { useEffect, useState } from "react";
import { Field } from "@/components/ui/field";
import { cn } from "@/lib/utils";

const LABELS = ["Too easy to guess", "Too easy to guess", "Fair", "Good", "Strong"];
const COLORS = ["bg-red-500", "bg-red-500", "bg-amber-500", "bg-emerald-500", "bg-emerald-600"];

type Estimate = { score: number; hint?: string };

/** A new-password input with a live strength meter (the same estimator the server enforces). */
export function NewPasswordField({ related, error, label = "New password", name = "password" }: { related: string[]; error?: string; label?: string; name?: string }) {
  const [value, setValue] = useState("");
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  // A server error describes the submitted password: hide it once the person types a new one.
  const [shownError, setShownError] = useState(error);
  const [lastError, setLastError] = useState(error);
  if (error !== lastError) {
    setLastError(error);
    setShownError(error);
  }
  useEffect(() => {
    if (!value) return;
    let cancelled = false;
    // Loaded on first keystroke: the dictionaries are large and most pages never need them.
    import("@/lib/auth/password-strength").then(({ estimatePassword, PASSWORD_MIN }) => {
      if (cancelled) return;
      const r = estimatePassword(value, related);
      const score = [...value].length < PASSWORD_MIN ? 0 : r.score;
      setEstimate({ score, hint: r.feedback.warning ?? r.feedback.suggestions[0] ?? undefined });
    });
    return () => {
      cancelled = true;
    };
  }, [value, related]);
  // While the server's refusal is shown it already says what is wrong: the meter's words would repeat it.
  const shown = value ? estimate : null;
  const words = shown && !shownError ? shown : null;
  return (
    <div className="space-y-2">
      <Field
        name={name}
        label={label}
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={256}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setShownError(undefined);
        }}
        error={shownError}
        hint="At least 8 characters. A few unrelated words make a strong password."
      />
      <div aria-live="polite" className="space-y-1" data-testid="strength">
        <div className="flex gap-1" aria-hidden>
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className={cn("h-1.5 flex-1 rounded-full", shown && shown.score > i ? COLORS[shown.score] : "bg-zinc-200")} />
          ))}
        </div>
        {words ? (
          <p className="text-xs text-zinc-600">
            Strength: <span className="font-medium">{LABELS[words.score]}</span>
            {words.score <= 2 && words.hint ? ` · ${words.hint}` : ""}
          </p>
        ) : null}
      </div>
    </div>
  );
}
