/**
 * Errors on the wire (OCI distribution-spec v1.1 "Error Codes"): a JSON body
 * `{"errors":[{"code","message","detail"}]}` with the code's HTTP status. Handlers throw
 * `WireError`; anything else becomes a 500 without internals in the body.
 */
import { isDeckhandError } from '../errors.js';

/** The spec's error codes, plus the few distribution adds (RANGE_INVALID, TAG_INVALID, PAGINATION_NUMBER_INVALID). */
export type WireCode =
  | 'BLOB_UNKNOWN'
  | 'BLOB_UPLOAD_INVALID'
  | 'BLOB_UPLOAD_UNKNOWN'
  | 'DIGEST_INVALID'
  | 'MANIFEST_BLOB_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'NAME_INVALID'
  | 'NAME_UNKNOWN'
  | 'SIZE_INVALID'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'TOOMANYREQUESTS'
  | 'RANGE_INVALID'
  | 'TAG_INVALID'
  | 'PAGINATION_NUMBER_INVALID'
  | 'UNKNOWN';

/** HTTP status of each code, as distribution 2.8 answers. */
export const WIRE_STATUS: Readonly<Record<WireCode, number>> = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 400,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  TOOMANYREQUESTS: 429,
  RANGE_INVALID: 416,
  TAG_INVALID: 400,
  PAGINATION_NUMBER_INVALID: 400,
  UNKNOWN: 500,
};

/** WireError is an error a handler answers with; `status` defaults to the code's. */
export class WireError extends Error {
  readonly status: number;
  /** Extra response headers (Content-Range on 416, Location and Range on an upload's 416). */
  headers: Record<string, string> = {};
  constructor(
    readonly code: WireCode,
    message: string,
    readonly detail?: unknown,
    status?: number,
  ) {
    super(message);
    this.name = 'WireError';
    this.status = status ?? WIRE_STATUS[code];
  }
}

/** errorBody renders the spec's error JSON. */
export function errorBody(e: WireError): string {
  const entry: Record<string, unknown> = { code: e.code, message: e.message };
  if (e.detail !== undefined) entry.detail = e.detail;
  return JSON.stringify({ errors: [entry] });
}

/**
 * toWireError maps a thrown value to what the client sees: store errors about bad bytes become
 * DIGEST_INVALID / SIZE_INVALID, anything unexpected an opaque 500 (details go to the server log).
 */
export function toWireError(e: unknown): WireError {
  if (e instanceof WireError) return e;
  if (isDeckhandError(e)) {
    switch (e.code) {
      case 'E_DIGEST_MISMATCH':
      case 'E_DIGEST':
        return new WireError('DIGEST_INVALID', 'provided digest did not match uploaded content');
      case 'E_SIZE_MISMATCH':
        return new WireError('SIZE_INVALID', 'provided length did not match content length');
      case 'E_REFERENCE':
        return new WireError('NAME_INVALID', 'invalid repository name or reference');
      case 'E_ENOSPC':
        return new WireError('UNKNOWN', 'the server is out of disk space', undefined, 507);
      default:
        break;
    }
  }
  return new WireError('UNKNOWN', 'internal server error');
}
