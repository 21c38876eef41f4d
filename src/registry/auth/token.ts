/**
 * Bearer tokens (distribution "token authentication specification" and its OAuth2 variant): anonymous or
 * with Basic credentials via GET, with a refresh (identity) token via POST; `token` or `access_token`;
 * `expires_in` (default 60 s). Tokens are cached per registry host and scope set.
 */
import { DeckhandError } from '../../errors.js';
import { registerSecret } from '../../redact.js';
import { errorFromNetwork, errorFromResponse, RegistryError } from '../errors.js';
import { readText, type Send } from '../http.js';
import type { Credentials } from '../options.js';
import type { Challenge } from './challenge.js';

/** A bearer token and when it stops being usable. */
export interface Token {
  token: string;
  expiresAt: number;
  /** When the token server issued it (its lifetime decides how early it is renewed). */
  issuedAt: number;
}

/**
 * Tokens are renewed this long before they expire (or a quarter of their life, if that is shorter),
 * so a long upload does not start with a dying token.
 */
export const EXPIRY_MARGIN_MS = 15_000;

/** usable tells whether a token may still be sent at `now`. */
export function usable(t: Token, now = Date.now()): boolean {
  const margin = Math.min(EXPIRY_MARGIN_MS, (t.expiresAt - t.issuedAt) / 4);
  return now < t.expiresAt - margin;
}

/** basicHeader builds `Basic base64(user:pass)`. */
export function basicHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64')}`;
}

/** TokenCache keeps tokens by host + sorted scopes. */
export class TokenCache {
  private readonly tokens = new Map<string, Token>();
  private static key(host: string, scopes: string[]): string {
    return `${host}|${[...new Set(scopes)].sort().join(' ')}`;
  }
  /** get returns a cached token that is still `usable`. */
  get(host: string, scopes: string[], now = Date.now()): Token | undefined {
    const t = this.tokens.get(TokenCache.key(host, scopes));
    return t && usable(t, now) ? t : undefined;
  }
  set(host: string, scopes: string[], token: Token): void {
    this.tokens.set(TokenCache.key(host, scopes), token);
  }
  delete(host: string, scopes: string[]): void {
    this.tokens.delete(TokenCache.key(host, scopes));
  }
}

/** fetchToken asks the challenge's realm for a token covering `scopes`. */
export async function fetchToken(
  send: Send,
  challenge: Challenge,
  scopes: string[],
  creds: Credentials | undefined,
  registry: string,
  signal?: AbortSignal,
): Promise<Token> {
  const realm = challenge.params.realm;
  let url: URL;
  try {
    url = new URL(realm ?? '');
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    throw new RegistryError(
      'UNAUTHORIZED',
      `${registry}: the registry's Bearer challenge has no usable realm`,
      {
        context: { registry },
      },
    );
  }
  const service = challenge.params.service;
  const headers: Record<string, string> = { accept: 'application/json' };
  let method: 'GET' | 'POST' = 'GET';
  let body: string | undefined;
  if (creds?.identityToken) {
    method = 'POST';
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: creds.identityToken,
      client_id: 'deckhand',
    });
    if (service) form.set('service', service);
    if (scopes.length) form.set('scope', scopes.join(' '));
    body = form.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else {
    if (service) url.searchParams.set('service', service);
    for (const s of scopes) url.searchParams.append('scope', s);
    if (creds?.username || creds?.password) {
      headers.authorization = basicHeader(creds);
      if (creds.username) url.searchParams.set('account', creds.username);
    }
  }
  const context = { registry };
  let res;
  try {
    res = await send({ method, url, headers, body, signal });
  } catch (e) {
    throw errorFromNetwork(e, method, url, context);
  }
  const text = await readText(res);
  if (res.status !== 200) {
    throw errorFromResponse({ status: res.status, body: text, method, url, subject: 'token', context });
  }
  let doc: { token?: string; access_token?: string; expires_in?: number; issued_at?: string };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    throw new DeckhandError('UNAUTHORIZED', `${registry}: the token server answered with invalid JSON`, {
      cause: e,
      context,
    });
  }
  const token = doc.token || doc.access_token;
  if (!token)
    throw new DeckhandError('UNAUTHORIZED', `${registry}: the token server answered without a token`, {
      context,
    });
  registerSecret(token);
  const issued = doc.issued_at ? Date.parse(doc.issued_at) : NaN;
  const start = Number.isNaN(issued) || issued > Date.now() ? Date.now() : issued;
  const life = typeof doc.expires_in === 'number' && doc.expires_in > 0 ? doc.expires_in : 60;
  return { token, issuedAt: start, expiresAt: start + life * 1000 };
}
