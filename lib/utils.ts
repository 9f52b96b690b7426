import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

export const cn = (...inputs: ClassValue[]) => twMerge(clsx(inputs));

/** A well-formed UUID: ids from URLs and forms are checked before they reach a uuid column. */
export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Text made safe to put into HTML (numeric entities, as React's server renderer writes them). */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page's search parameters as Next hands them over: a key sent more than once arrives as an array. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** A query parameter's one value; undefined when it is missing or was sent more than once. */
export const oneParam = (value: string | string[] | undefined): string | undefined => (typeof value === "string" ? value : undefined);

/** A `?page=` number: a whole number from 1 to `max`, 1 for anything else. */
export const pageParam = (value: string | string[] | undefined, max = 10_000): number => {
  const n = Number(oneParam(value) ?? "1");
  return Number.isSafeInteger(n) ? Math.min(Math.max(n, 1), max) : 1;
};

/** Every query parameter by its one value (see oneParam). */
export const singleParams = (params: SearchParams): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, oneParam(v)]));

// C0 controls except tab, LF and CR; DEL and C1 controls; U+FFFD, what invalid UTF-8 decodes to.
const UNSAVABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/;

/** Text a person can type and a database can store: well-formed, without control characters or NUL. */
export const isSavableText = (s: string) => s.isWellFormed() && !UNSAVABLE.test(s);

/** A form field's one text value; null when it is missing, sent twice, a file, or not savable text. */
export function textField(form: FormData, name: string): string | null {
  const all = form.getAll(name);
  const value = all.length === 1 ? all[0] : null;
  return typeof value === "string" && isSavableText(value) ? value : null;
}

/** "1 contact", "312 contacts", "2 tries" (`many` for an irregular plural); thousands grouped. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
