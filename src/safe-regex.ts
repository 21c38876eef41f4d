/**
 * User-supplied regular expressions (template helpers `match`/`regex_replace`, the image module's
 * `src_pattern`/`pattern`) run on RE2 semantics (re2js): matching time is linear in the input, so a
 * pattern like `(a+)+$` cannot hang a run. RE2 is also what KubeKey's Go templates use, so playbooks
 * written for it behave the same. Lookarounds and backreferences are not supported (a clear E_REGEX).
 */
import { RE2JS } from 're2js';
import { DeckhandError, errorMessage } from './errors.js';

/** SafeRegex is a compiled linear-time pattern. */
export interface SafeRegex {
  readonly source: string;
  /** test reports whether the pattern matches anywhere in `s` (like RegExp.prototype.test). */
  test(s: string): boolean;
  /** replaceAll replaces every match; `$1`/`${name}` in `replacement` refer to groups. */
  replaceAll(s: string, replacement: string): string;
}

/** compileSafeRegex compiles `pattern` or throws DeckhandError E_REGEX naming what is wrong. */
export function compileSafeRegex(pattern: string): SafeRegex {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw new DeckhandError(
      'E_REGEX',
      `bad regular expression ${JSON.stringify(pattern)}: ${errorMessage(e)}`,
      {
        cause: e,
      },
    );
  }
  return {
    source: pattern,
    test: (s) => re.matcher(s).find(),
    replaceAll: (s, replacement) => re.matcher(s).replaceAll(replacement),
  };
}
