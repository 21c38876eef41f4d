/** Turning Node's file-system errors into DeckhandErrors with stable codes. */
import { DeckhandError, errorMessage, isDeckhandError } from '../errors.js';

/** fsError wraps an fs error: ENOSPC becomes E_ENOSPC, anything else E_STORE, with `path` in context. */
export function fsError(e: unknown, path: string, what = 'store I/O failed'): DeckhandError {
  if (isDeckhandError(e)) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC') {
    return new DeckhandError('E_ENOSPC', `no space left on the device holding ${path}`, {
      cause: e,
      context: { path },
    });
  }
  return new DeckhandError('E_STORE', `${what}: ${errorMessage(e)}`, { cause: e, context: { path } });
}
