/**
 * Registry errors (distribution spec v1.1 "Error Codes"; after oras-go `registry/remote/errcode`):
 * a stable code parsed from the JSON error body or derived from the HTTP status, a message that names
 * the registry, repository and reference, a URL with only allow-listed query parameters, and no secret.
 */
import { DeckhandError, errorMessage, type ErrorCode, type ErrorContext } from '../errors.js';
import { redact, redactUrl } from '../redact.js';

/** Wire error codes of the distribution spec that map one to one onto our codes. */
const WIRE_CODES = new Set<ErrorCode>([
  'UNAUTHORIZED',
  'DENIED',
  'NAME_UNKNOWN',
  'NAME_INVALID',
  'MANIFEST_UNKNOWN',
  'MANIFEST_INVALID',
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'DIGEST_INVALID',
  'SIZE_INVALID',
  'TAG_INVALID',
  'UNSUPPORTED',
  'TOO_MANY_REQUESTS',
]);

/** One entry of a registry's `{"errors": [...]}` body. */
export interface WireError {
  code: string;
  message?: string;
  detail?: unknown;
}

/** RegistryError is a DeckhandError from talking to a registry; it keeps the HTTP status and wire errors. */
export class RegistryError extends DeckhandError {
  /** HTTP status, when the registry answered. */
  readonly status?: number;
  /** The errors the registry listed in its body. */
  readonly wireErrors: WireError[];
  /** The request, printed safely: `GET https://host/v2/…`. */
  readonly request?: string;

  constructor(
    code: ErrorCode,
    message: string,
    opts: {
      status?: number;
      wireErrors?: WireError[];
      request?: string;
      cause?: unknown;
      context?: ErrorContext;
      details?: string[];
    } = {},
  ) {
    super(code, redact(message), {
      cause: opts.cause,
      context: opts.context,
      details: opts.details?.map(redact),
    });
    this.name = 'RegistryError';
    this.status = opts.status;
    this.wireErrors = opts.wireErrors ?? [];
    this.request = opts.request;
  }
}

/** parseWireErrors reads `{"errors":[{code,message,detail}]}`; anything else gives an empty list. */
export function parseWireErrors(body: string): WireError[] {
  try {
    const doc = JSON.parse(body) as { errors?: unknown };
    if (!Array.isArray(doc.errors)) return [];
    return doc.errors
      .filter((e): e is WireError => !!e && typeof (e as WireError).code === 'string')
      .map((e) => ({ code: e.code, message: e.message, detail: e.detail }));
  } catch {
    return [];
  }
}

/** What the request was about, so a 404 can say whether the name, manifest or blob is unknown. */
export type Subject = 'manifest' | 'blob' | 'upload' | 'tags' | 'catalog' | 'ping' | 'token';

function codeForStatus(status: number, subject: Subject | undefined): ErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'DENIED';
  if (status === 404) {
    if (subject === 'manifest') return 'MANIFEST_UNKNOWN';
    if (subject === 'blob') return 'BLOB_UNKNOWN';
    if (subject === 'upload') return 'BLOB_UPLOAD_UNKNOWN';
    return 'NAME_UNKNOWN';
  }
  if (status === 405) return 'UNSUPPORTED';
  if (status === 408) return 'TIMEOUT';
  if (status === 413) return 'TOO_LARGE';
  if (status === 429) return 'TOO_MANY_REQUESTS';
  return 'HTTP';
}

function where(ctx: ErrorContext): string {
  const name = ctx.registry && ctx.repository ? `${ctx.registry}/${ctx.repository}` : (ctx.registry ?? '');
  const ref = ctx.reference ?? ctx.digest;
  if (!name) return ref ?? '';
  return ref ? `${name} (${ref})` : name;
}

const PHRASES: Partial<Record<ErrorCode, string>> = {
  DENIED: 'access denied',
  NAME_UNKNOWN: 'repository not found',
  MANIFEST_UNKNOWN: 'manifest not found',
  BLOB_UNKNOWN: 'blob not found',
  BLOB_UPLOAD_UNKNOWN: 'upload session not found',
  HTTP: 'unexpected answer',
};

const HINTS: Partial<Record<ErrorCode, string>> = {
  UNAUTHORIZED: 'check the username and password (or token) for this registry',
  DENIED: 'the credentials are valid but lack permission for this repository',
  TOO_MANY_REQUESTS: 'the registry is rate-limiting; wait and try again, or log in for a higher limit',
};

/** errorFromResponse builds the RegistryError for a non-success answer. */
export function errorFromResponse(opts: {
  status: number;
  body: string;
  method: string;
  url: string | URL;
  subject?: Subject;
  context: ErrorContext;
}): RegistryError {
  const wire = parseWireErrors(opts.body);
  const first = wire[0];
  const code: ErrorCode =
    first && WIRE_CODES.has(first.code as ErrorCode)
      ? (first.code as ErrorCode)
      : codeForStatus(opts.status, opts.subject);
  const request = `${opts.method} ${redactUrl(opts.url)}`;
  const said = first?.message ? `: ${first.message}` : '';
  const w = where(opts.context);
  if (opts.status === 400 && /HTTP request to an HTTPS server/i.test(opts.body)) {
    return new RegistryError(
      'TLS',
      `${w ? `${w}: ` : ''}the registry speaks HTTPS, but plain HTTP was used`,
      {
        status: 400,
        request,
        context: opts.context,
        details: [request, 'remove plain_http for this registry'],
      },
    );
  }
  const phrase = PHRASES[code] ?? code.toLowerCase().replace(/_/g, ' ');
  const message = `${w ? `${w}: ` : ''}${phrase} (HTTP ${opts.status}${said})`;
  const details = [request];
  const hint = HINTS[code];
  if (hint) details.push(hint);
  return new RegistryError(code, message, {
    status: opts.status,
    wireErrors: wire,
    request,
    context: opts.context,
    details,
  });
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** errorCodeOf digs the `code` out of an error or its causes (undici wraps socket errors). */
export function errorCodeOf(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && c !== 'UND_ERR_SOCKET') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  const c = (e as { code?: unknown } | undefined)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** isTlsProtocolMismatch: the server answered TLS with plain HTTP (or the reverse). */
export function isTlsProtocolMismatch(e: unknown): boolean {
  const code = errorCodeOf(e);
  return code === 'ERR_SSL_WRONG_VERSION_NUMBER' || (code === 'EPROTO' && /wrong version/i.test(deep(e)));
}

function deep(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    parts.push(errorMessage(cur));
    cur = (cur as { cause?: unknown }).cause;
  }
  return parts.join(': ');
}

/** errorFromNetwork wraps a transport failure: TLS (with the fix), TIMEOUT or NETWORK. */
export function errorFromNetwork(
  e: unknown,
  method: string,
  url: string | URL,
  context: ErrorContext,
): RegistryError {
  if (e instanceof DeckhandError) return e as RegistryError;
  const code = errorCodeOf(e) ?? '';
  const request = `${method} ${redactUrl(url)}`;
  const w = where(context);
  const prefix = w ? `${w}: ` : '';
  if (TLS_CODES.has(code) || /certificate|ssl|tls/i.test(deep(e))) {
    const mismatch = isTlsProtocolMismatch(e);
    const wantsClientCert = /CERTIFICATE_REQUIRED|BAD_CERTIFICATE|HANDSHAKE_FAILURE/i.test(
      `${code} ${deep(e)}`,
    );
    const message = mismatch
      ? `${prefix}TLS handshake failed: the registry does not speak HTTPS (${code})`
      : wantsClientCert
        ? `${prefix}the registry refused the TLS handshake: it wants a client certificate it trusts (${code})`
        : `${prefix}TLS certificate not trusted (${code || deep(e)})`;
    const fix = mismatch
      ? 'if the registry serves plain HTTP, set plain_http: true'
      : wantsClientCert
        ? 'give a client certificate with cert_file and key_file (or /etc/docker/certs.d/<host>/client.cert and client.key)'
        : 'trust the registry CA with ca_file (or /etc/docker/certs.d/<host>/ca.crt), or set skip_tls_verify: true';
    return new RegistryError('TLS', message, { cause: e, request, context, details: [request, fix] });
  }
  if (TIMEOUT_CODES.has(code)) {
    return new RegistryError('TIMEOUT', `${prefix}request timed out (${code})`, {
      cause: e,
      request,
      context,
      details: [request],
    });
  }
  const details = [request];
  const socket = (e as { socket?: { bytesRead?: number } } | undefined)?.socket;
  if (String(url).startsWith('https:') && socket?.bytesRead === 0) {
    // TLS 1.3 servers reject a missing client certificate by closing the connection after the handshake.
    details.push(
      'the registry closed the connection before answering; if it requires a client certificate, set cert_file and key_file',
    );
  }
  return new RegistryError('NETWORK', `${prefix}network error: ${deep(e)}`, {
    cause: e,
    request,
    context,
    details,
  });
}
