/**
 * Password hashing and policy (SPEC §3): bcrypt over a SHA-256 pre-hash so every character
 * counts (bcrypt alone reads 72 bytes), 8–256 characters, no composition rules, common and
 * easily guessed passwords refused with the reason.
 */
import bcrypt from "bcryptjs";
import { createHash } from "node:crypto";
import { estimatePassword, PASSWORD_MAX, PASSWORD_MIN } from "./password-strength";

export { PASSWORD_MAX, PASSWORD_MIN };

const COST = 11;
const PREFIX = "sha256-bcrypt$";

function prehash(password: string): string {
  return createHash("sha256").update(password.normalize("NFC"), "utf8").digest("base64");
}

export async function hashPassword(password: string): Promise<string> {
  return PREFIX + (await bcrypt.hash(prehash(password), COST));
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored?.startsWith(PREFIX)) {
    // Spend the same time as a real check, so a missing password is not observable.
    await bcrypt.compare(prehash(password), DUMMY_HASH);
    return false;
  }
  return bcrypt.compare(prehash(password), stored.slice(PREFIX.length));
}

// A valid hash of a random value: compared against when there is no account or no password.
const DUMMY_HASH = bcrypt.hashSync(prehash(crypto.randomUUID()), COST);

export type PasswordCheck = { ok: true; score: number } | { ok: false; score: number; message: string };

/** Checks a new password; `related` holds words the user's password should not lean on (email, name). */
export function checkPassword(password: string, related: string[] = []): PasswordCheck {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return { ok: false, score: 0, message: `Use at least ${PASSWORD_MIN} characters.` };
  if (length > PASSWORD_MAX) return { ok: false, score: 0, message: `Use at most ${PASSWORD_MAX} characters.` };
  const result = estimatePassword(password, related);
  const whole = result.sequence.length === 1 ? result.sequence[0] : undefined;
  if (whole?.pattern === "dictionary" && whole.dictionaryName === "passwords") {
    return {
      ok: false,
      score: result.score,
      message: "This password is on lists of common, leaked passwords. Choose something less predictable, such as a few unrelated words.",
    };
  }
  if (result.score <= 1) {
    const hint = result.feedback.warning ?? result.feedback.suggestions[0];
    return {
      ok: false,
      score: result.score,
      message: `This password is too easy to guess.${hint ? ` ${hint}` : ""} Try a longer phrase of unrelated words.`,
    };
  }
  return { ok: true, score: result.score };
}
