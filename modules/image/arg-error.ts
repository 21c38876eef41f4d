/** Argument errors that name the task and the field (DESIGN.md §8.5), shared by the module and the CLI. */
import { compileSafeRegex, type SafeRegex } from '../../src/safe-regex.js';
import { wantedPlatforms } from '../../src/copy/index.js';
import { DeckhandError, errorMessage, isDeckhandError, type ErrorCode } from '../../src/errors.js';

/** Where arguments come from: a task (`image.pull.` fields) or the command line (flag names). */
export interface ArgPlace {
  /** Prefix of field names: `image.pull.` for a task, '' on the command line. */
  prefix: string;
  /** The task name, when the arguments come from a task. */
  task?: string;
}

/** argError makes an error whose message says `task "T": FIELD: what is wrong`. */
export function argError(
  place: ArgPlace,
  field: string,
  message: string,
  opts: { code?: ErrorCode; cause?: unknown; image?: string } = {},
): DeckhandError {
  // On the command line a module field is a flag: images_dir is --images-dir.
  const name = place.prefix === '--' ? `--${field.replace(/_/g, '-')}` : `${place.prefix}${field}`;
  const where = place.task !== undefined ? `task "${place.task}": ${name}` : name;
  const code = opts.code ?? (isDeckhandError(opts.cause) ? opts.cause.code : 'E_MODULE');
  const why = opts.cause !== undefined ? `${message}: ${errorMessage(opts.cause)}` : message;
  return new DeckhandError(code, `${where}: ${why}`, {
    cause: opts.cause,
    context: {
      field: name,
      ...(place.task !== undefined ? { task: place.task } : {}),
      ...(opts.image ? { image: opts.image } : {}),
    },
  });
}

/** compilePattern compiles a user regex, naming the field when it is invalid (E_REGEX). */
export function compilePattern(
  place: ArgPlace,
  field: string,
  pattern: string | undefined,
): SafeRegex | undefined {
  if (pattern === undefined || pattern === '') return undefined;
  try {
    // Linear-time RE2 matching: a user pattern can never hang the run (src/safe-regex.ts).
    return compileSafeRegex(pattern);
  } catch (e) {
    throw argError(place, field, `invalid regular expression ${JSON.stringify(pattern)}`, {
      code: 'E_REGEX',
      cause: e,
    });
  }
}

/** checkPlatforms parses the platform argument up front, so a typo fails the task, not every image. */
export function checkPlatforms(
  place: ArgPlace,
  field: string,
  value: string | readonly string[] | undefined,
): string | readonly string[] | undefined {
  try {
    wantedPlatforms(value);
  } catch (e) {
    throw argError(place, field, 'bad platform', { cause: e, code: 'E_PLATFORM' });
  }
  return value;
}
