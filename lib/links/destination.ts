/**
 * Where a link may lead (SPEC §3 rule 4): a named section or a path inside the same
 * workspace's portal. Anything else (absolute URLs, protocol-relative `//host`, backslashes,
 * dot segments, another workspace) is dropped and the learner lands on the portal home.
 */
export const SECTIONS = {
  courses: { label: "Your courses", path: "/courses" },
  communities: { label: "Your communities", path: "/communities" },
  affiliate: { label: "Your affiliate page", path: "/affiliate" },
} as const;

export type Section = keyof typeof SECTIONS;

const isSection = (v: string): v is Section => Object.hasOwn(SECTIONS, v);

const SEGMENT = /^[a-z0-9][a-z0-9_-]{0,99}$/i;

/** The stored form of a destination: a section name or `/p/{ws}/…`, or null. */
export function normalizeDestination(workspaceSlug: string, raw: string | null | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (isSection(value)) return value;
  const prefix = `/p/${workspaceSlug}`;
  if (!value.startsWith(`${prefix}/`)) return null;
  const segments = value.slice(prefix.length + 1).split("/");
  if (segments.length > 8 || !segments.every((s) => SEGMENT.test(s))) return null;
  return `${prefix}/${segments.join("/")}`;
}

/** The path to redirect to: validated again at use, so a stored value is never trusted blindly. */
export function destinationPath(workspaceSlug: string, stored: string | null | undefined): string {
  const home = `/p/${workspaceSlug}`;
  const value = normalizeDestination(workspaceSlug, stored);
  if (!value) return home;
  if (isSection(value)) return home + SECTIONS[value].path;
  return value;
}

export function destinationLabel(workspaceSlug: string, stored: string | null | undefined): string {
  const value = normalizeDestination(workspaceSlug, stored);
  if (!value) return "Your portal home";
  if (isSection(value)) return SECTIONS[value].label;
  return value.slice(`/p/${workspaceSlug}`.length);
}

/** j•••@example.com: enough for the owner to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}•••@${domain}`;
}


/** The request header the proxy sets to the path being loaded (always overwritten: a client cannot choose it). */
export const PATH_HEADER = "x-portico-path";

/** A sign-in page's `?next=`: a validated same-workspace destination, or null (then the portal home). */
export const nextOf = (workspaceSlug: string, raw: string | string[] | null | undefined): string | null =>
  typeof raw === "string" ? normalizeDestination(workspaceSlug, raw) : null;

/** `href` with the destination carried on as `next`, when there is one. */
export function withNext(href: string, next: string | null | undefined): string {
  if (!next) return href;
  return `${href}${href.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}`;
}
