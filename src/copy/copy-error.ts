/**
 * Errors of the copy engine: E_COPY wrapping the cause, saying which side failed (source or
 * destination), which image and which blob (DESIGN.md §8.5: context is added as the error rises).
 */
import { DeckhandError, errorMessage, isDeckhandError, type ErrorCode } from '../errors.js';
import { redact } from '../redact.js';

/** Where in a copy an error happened. */
export interface CopyErrorSite {
  side: 'source' | 'destination';
  image: string;
  /** What was being done: resolve, fetch, push, mount, exists, tag. */
  op: string;
  digest?: string;
  reference?: string;
}

/** Codes that mean the bytes themselves were wrong, which is the source's fault whoever noticed. */
const BAD_BYTES: ReadonlySet<ErrorCode> = new Set([
  'E_DIGEST_MISMATCH',
  'E_SIZE_MISMATCH',
  'DIGEST_MISMATCH',
]);

/** isAbort tells whether `e` or one of its causes is an AbortError (a transport layer may have wrapped it). */
export function isAbort(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 10 && cur; i++) {
    if ((cur as Error).name === 'AbortError') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** copyError wraps `cause` as E_COPY; E_COPY and E_CANCELLED pass through, an AbortError becomes E_CANCELLED. */
export function copyError(cause: unknown, site: CopyErrorSite): DeckhandError {
  if (isDeckhandError(cause) && (cause.code === 'E_COPY' || cause.code === 'E_CANCELLED')) return cause;
  if (isAbort(cause)) {
    return new DeckhandError('E_CANCELLED', `${site.image}: cancelled`, {
      cause,
      context: { image: site.image },
    });
  }
  const side = isDeckhandError(cause) && BAD_BYTES.has(cause.code) ? 'source' : site.side;
  const what = site.digest
    ? `${site.op} ${site.digest}`
    : site.reference
      ? `${site.op} ${site.reference}`
      : site.op;
  const message = redact(`${site.image}: ${side} failed to ${what}: ${errorMessage(cause)}`);
  const inner = isDeckhandError(cause) ? cause.context : {};
  return new DeckhandError('E_COPY', message, {
    cause,
    context: { ...inner, side, image: site.image, ...(site.digest ? { digest: site.digest } : {}) },
    details: isDeckhandError(cause) ? cause.details : [],
  });
}

/** causeCode returns the code of the innermost DeckhandError (E_COPY → E_DIGEST_MISMATCH, NETWORK, …). */
export function causeCode(e: unknown): ErrorCode | undefined {
  let code: ErrorCode | undefined;
  let cur: unknown = e;
  while (isDeckhandError(cur)) {
    code = cur.code;
    cur = cur.cause;
  }
  return code;
}

const SOURCE = Symbol('deckhand.copy.sourceError');

/** markSource tags an error as raised by the source stream, so the push failure is blamed correctly. */
export function markSource(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  (err as { [SOURCE]?: boolean })[SOURCE] = true;
  return err;
}

/** isSourceError tells whether markSource tagged `e`. */
export function isSourceError(e: unknown): boolean {
  return (e as { [SOURCE]?: boolean } | undefined)?.[SOURCE] === true;
}
