"use client";
import { useCallback, useLayoutEffect, useRef, type FormEvent } from "react";

/**
 * React 19 resets a form once its action has answered: every uncontrolled field goes back to
 * the value it was first rendered with (a <select> even ignores a later defaultValue). After
 * a failed submit that throws away what the person chose; this puts it back. Passwords and
 * files are left empty, as the server never echoes them either.
 */
export function useKeptInput(state: { ok?: boolean }) {
  const form = useRef<HTMLFormElement>(null);
  const sent = useRef<FormData | null>(null);
  useLayoutEffect(() => {
    const data = sent.current;
    sent.current = null;
    if (data && form.current && !state.ok) restoreFields(form.current, data);
  }, [state]);
  /** Call from the form's onSubmit once the submit really goes ahead. */
  const remember = useCallback((e: FormEvent<HTMLFormElement>) => {
    sent.current = new FormData(e.currentTarget);
  }, []);
  return { formRef: form, remember };
}

/** Sets each named field of the form to what `data` holds for it. */
export function restoreFields(form: HTMLFormElement, data: FormData) {
  for (const el of Array.from(form.elements)) {
    if (el instanceof HTMLSelectElement && el.name && data.has(el.name)) {
      const values = data.getAll(el.name).map(String);
      for (const o of Array.from(el.options)) o.selected = values.includes(o.value);
    } else if (el instanceof HTMLTextAreaElement && data.has(el.name)) {
      el.value = String(data.get(el.name));
    } else if (el instanceof HTMLInputElement && el.name && !el.disabled && !el.readOnly) {
      if (el.type === "checkbox" || el.type === "radio") el.checked = data.getAll(el.name).map(String).includes(el.value);
      else if (!["hidden", "password", "file", "submit", "button", "reset", "image"].includes(el.type) && data.has(el.name)) el.value = String(data.get(el.name));
    }
  }
}
