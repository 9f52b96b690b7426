/**
 * How long each kind of learner link or code lives and how often it can be used (SPEC §3).
 * The numbers here are the contract; everything else reads them from this file.
 */
import type { TokenKind, Workspace } from "@/db/schema";
import { appUrl } from "@/lib/env";

export type LearnerTokenKind = Exclude<TokenKind, "admin_password_reset" | "admin_invite">;

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export const MAGIC_LINK_HOURS = { default: 7 * 24, min: 1, max: 30 * 24 } as const;
export const LOGIN_LINK_TTL_MS = DAY;
export const LOGIN_PAGE_LINK_TTL_MS = 15 * 60 * 1000;
export const SETUP_LINK_TTL_MS = 7 * DAY;
/** The checkout's "View Dashboard" setup link lives no longer than the checkout receipt. */
export const CHECKOUT_SETUP_TTL_MS = HOUR;
export const RESET_LINK_TTL_MS = 2 * HOUR;
export const CODE_TTL_MS = 10 * 60 * 1000;
export const CODE_MAX_WRONG_TRIES = 5;

export function magicLinkTtlMs(workspace: Pick<Workspace, "settings">): number {
  const hours = workspace.settings?.magicLinkHours ?? MAGIC_LINK_HOURS.default;
  return Math.min(Math.max(hours, MAGIC_LINK_HOURS.min), MAGIC_LINK_HOURS.max) * HOUR;
}

/** A magic link's lifetime asked for by the API, or null when it is outside the range every workspace allows. */
export function magicLinkLifetimeMs(hours: number): number | null {
  return Number.isInteger(hours) && hours >= MAGIC_LINK_HOURS.min && hours <= MAGIC_LINK_HOURS.max ? hours * HOUR : null;
}

/** What the magic-link forms say before a link is made: how long one made now lasts, and until when. */
export function magicLinkLifetime(workspace: Pick<Workspace, "settings">, now = new Date()): { lifetimeMs: number; expiresAt: string } {
  const lifetimeMs = magicLinkTtlMs(workspace);
  return { lifetimeMs, expiresAt: new Date(now.getTime() + lifetimeMs).toISOString() };
}

export function ttlFor(kind: LearnerTokenKind, workspace: Pick<Workspace, "settings">, via?: string): number {
  switch (kind) {
    case "learner_magic_link":
      return magicLinkTtlMs(workspace);
    case "login_link":
      return via === "login_page" ? LOGIN_PAGE_LINK_TTL_MS : LOGIN_LINK_TTL_MS;
    case "password_setup":
      return via === CHECKOUT_VIA ? CHECKOUT_SETUP_TTL_MS : SETUP_LINK_TTL_MS;
    case "password_reset":
      return RESET_LINK_TTL_MS;
    case "login_code":
      return CODE_TTL_MS;
  }
}

/** `issuedVia` of the setup link behind the checkout's "View Dashboard" (a password set through it is unproven). */
export const CHECKOUT_VIA = "checkout";

/** Only the magic link may be used more than once. */
/**
 * A one-time link whose answer was lost (the instance died after marking it used, before the
 * cookie reached the browser) would say "used" to its owner. The browser that used it (same
 * IP and user agent, both known) may use it again within 60 s of the first use, at most
 * `uses` times in all; each use is audited ("login_link.used_again"). SECURITY.md says so.
 */
export const REUSE_GRACE = { seconds: 60, uses: 3 } as const;

export const isMultiUse = (kind: TokenKind) => kind === "learner_magic_link";

/** Links that sign in on "Continue"; the others lead to a set-password form. */
export const signsInDirectly = (kind: TokenKind) => kind === "learner_magic_link" || kind === "login_link";

/** Links are always built from the configured app URL, never from the request's Host. */
export function linkUrl(workspaceSlug: string, secret: string): string {
  return `${appUrl}/p/${workspaceSlug}/l/${secret}`;
}

export function portalUrl(workspaceSlug: string, path = ""): string {
  return `${appUrl}/p/${workspaceSlug}${path}`;
}
