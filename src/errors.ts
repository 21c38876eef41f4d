/**
 * Typed errors with stable codes (DESIGN.md §8.4–8.6).
 * Callers test `code`, never message text. `DeckhandError` is a user error: the CLI prints its
 * message (never a stack) and exits non-zero. Anything else reaching the CLI is an internal error.
 */

/** Stable error codes. Registry wire codes (UNAUTHORIZED, …) share this namespace. */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_YAML'
  | 'E_SCHEMA'
  | 'E_TEMPLATE'
  | 'E_UNDEFINED'
  | 'E_WHEN'
  | 'E_INVENTORY'
  | 'E_HOST_PATTERN'
  | 'E_FILE'
  | 'E_MODULE'
  | 'E_TASK'
  | 'E_CONNECTION'
  | 'E_UNREACHABLE'
  /** sudo refused `become` (wrong or missing password, not a sudoer): the task fails, the host is reachable. */
  | 'E_BECOME'
  | 'E_REFERENCE'
  | 'E_DIGEST'
  | 'E_DIGEST_MISMATCH'
  | 'E_SIZE_MISMATCH'
  | 'E_MEDIA_TYPE'
  | 'E_PLATFORM'
  | 'E_STORE'
  | 'E_LOCK'
  | 'E_NOT_FOUND'
  | 'E_FSCK'
  | 'E_COPY'
  | 'E_REGEX'
  | 'E_CANCELLED'
  | 'E_ROLE'
  | 'E_CYCLE'
  | 'E_ENOSPC'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'NAME_UNKNOWN'
  | 'NAME_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'BLOB_UNKNOWN'
  | 'BLOB_UPLOAD_UNKNOWN'
  | 'BLOB_UPLOAD_INVALID'
  | 'DIGEST_INVALID'
  | 'SIZE_INVALID'
  | 'TAG_INVALID'
  | 'UNSUPPORTED'
  | 'TOO_MANY_REQUESTS'
  | 'TOO_LARGE'
  | 'TLS'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'HTTP'
  | 'DIGEST_MISMATCH';

/** Where an error happened, added as the error rises (store → copy → engine → loader). */
export interface ErrorContext {
  file?: string;
  line?: number;
  col?: number;
  path?: string;
  task?: string;
  /** The role the task came from. */
  role?: string;
  host?: string;
  field?: string;
  image?: string;
  side?: 'source' | 'destination';
  digest?: string;
  registry?: string;
  repository?: string;
  reference?: string;
}

/** DeckhandError is the base of every user-facing error: a stable code, a one-line message, context. */
export class DeckhandError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;
  /** Extra lines shown under the message (e.g. every schema error, a hint). */
  readonly details: string[];

  constructor(
    code: ErrorCode,
    message: string,
    opts: { cause?: unknown; context?: ErrorContext; details?: string[] } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DeckhandError';
    this.code = code;
    this.context = { ...(opts.context ?? {}) };
    this.details = opts.details ?? [];
  }
}

/** isDeckhandError tells user errors from internal ones. */
export function isDeckhandError(e: unknown): e is DeckhandError {
  return e instanceof DeckhandError;
}

/** withContext returns `e` with more context merged in (outer context does not overwrite inner). */
export function withContext<T extends DeckhandError>(e: T, ctx: ErrorContext): T {
  for (const [k, v] of Object.entries(ctx) as [keyof ErrorContext, never][]) {
    if (e.context[k] === undefined && v !== undefined) e.context[k] = v;
  }
  return e;
}

/** location formats `file:line:col` (the parts that are known). */
export function location(ctx: ErrorContext): string {
  if (!ctx.file) return '';
  let s = ctx.file;
  if (ctx.line !== undefined) s += `:${ctx.line}`;
  if (ctx.line !== undefined && ctx.col !== undefined) s += `:${ctx.col}`;
  return s;
}

/** errorMessage gives the message of any thrown value, for wrapping foreign errors. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
