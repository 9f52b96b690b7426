import { cloneElement, type ComponentProps, type ReactElement } from "react";
import { cn } from "@/lib/utils";
import { Input } from "./input";
import { Label } from "./label";

/**
 * A label, one control (its id, name, error state and description wired up for screen readers),
 * a hint and the error. `hintWithError`: keep the hint shown under an error too.
 */
export function FieldControl({ id, name, label, error, hint, hintWithError = false, className, children }: {
  id: string;
  name: string;
  label: string;
  error?: string;
  hint?: string;
  hintWithError?: boolean;
  className?: string;
  children: ReactElement<Record<string, unknown>>;
}) {
  const showHint = !!hint && (hintWithError || !error);
  const describedBy = [error ? `${id}-error` : null, showHint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("space-y-1.5", className)}>
      <Label htmlFor={id} className={hintWithError ? "block" : undefined}>
        {label}
      </Label>
      {cloneElement(children, { id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {showHint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with its error message wired up for screen readers. */
export function Field({ name, label, error, hint, ...props }: ComponentProps<"input"> & { name: string; label: string; error?: string; hint?: string }) {
  return (
    <FieldControl id={props.id ?? `field-${name}`} name={name} label={label} error={error} hint={hint}>
      <Input {...props} />
    </FieldControl>
  );
}
