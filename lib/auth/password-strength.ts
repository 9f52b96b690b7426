/**
 * The strength estimate (zxcvbn-ts) shared by the server's policy check and the browser's
 * strength meter, so both judge a password the same way.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

let zxcvbn: ZxcvbnFactory | undefined;

export function estimatePassword(password: string, related: string[] = []) {
  zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return zxcvbn.check(password, related.filter(Boolean));
}
