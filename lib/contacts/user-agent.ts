/** A browser's User-Agent header as a person reads it: "Chrome 120 on macOS". */
import Bowser from "bowser";

// Desktop browsers freeze the OS version in the header (macOS 10.15.7, Windows NT 10.0 for 11),
// so only the OS name is shown there; phones' versions are real.
const VERSIONED_OS = new Set(["iOS", "iPadOS", "Android"]);

export function describeUserAgent(ua: string | null | undefined): string {
  const header = ua?.trim();
  if (!header) return "";
  const { browser, os } = Bowser.parse(header);
  if (!browser.name) return "an unrecognised browser or app";
  const major = browser.version?.split(".")[0];
  const system = os.name ? `${os.name}${VERSIONED_OS.has(os.name) && os.version ? ` ${os.version.split(".").slice(0, 2).join(".")}` : ""}` : "";
  return `${browser.name}${major ? ` ${major}` : ""}${system ? ` on ${system}` : ""}`;
}
