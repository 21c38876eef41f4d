/**
 * Authorizer decides the `Authorization` header of requests to one registry. It learns the scheme from
 * the registry's challenge, sends Basic credentials or a cached Bearer token for the request's scopes,
 * and renews on 401 (an expired token, `insufficient_scope`). Credentials are only ever sent to the
 * registry's own origin and to the token realm it names.
 */
import { registerSecret } from '../../redact.js';
import { RegistryError } from '../errors.js';
import { headerAll, type HttpResponse, type Send } from '../http.js';
import type { Credentials } from '../options.js';
import { challengeScopes, parseChallenges, pickChallenge, type Challenge } from './challenge.js';
import { basicHeader, fetchToken, TokenCache, type Token } from './token.js';

/** scopeFor builds `repository:<name>:<actions>`. */
export function repositoryScope(
  repository: string,
  actions: 'pull' | 'push' | 'pull,push' | 'delete' | '*',
): string {
  return `repository:${repository}:${actions}`;
}

/** Authorizer holds what one registry client knows about authentication. */
export class Authorizer {
  private challenge: Challenge | undefined;
  private readonly tokens = new TokenCache();
  private readonly pending = new Map<string, Promise<Token>>();
  private credentials: Promise<Credentials | undefined> | undefined;

  constructor(
    private readonly registry: string,
    private readonly send: Send,
    private readonly loadCredentials: () => Promise<Credentials | undefined>,
  ) {}

  private creds(): Promise<Credentials | undefined> {
    this.credentials ??= this.loadCredentials().then((c) => {
      registerSecret(c?.password);
      registerSecret(c?.identityToken);
      registerSecret(c?.registryToken);
      return c;
    });
    return this.credentials;
  }

  /** header returns the Authorization value for `scopes`, or undefined before any challenge was seen. */
  async header(scopes: string[], signal?: AbortSignal): Promise<string | undefined> {
    const c = this.challenge;
    if (!c) return undefined;
    const creds = await this.creds();
    if (c.scheme === 'basic')
      return creds && (creds.username || creds.password) ? basicHeader(creds) : undefined;
    if (creds?.registryToken) return `Bearer ${creds.registryToken}`;
    const cached = this.tokens.get(this.registry, scopes);
    if (cached) return `Bearer ${cached.token}`;
    // Parallel requests for the same scopes share one token request.
    const key = [...new Set(scopes)].sort().join(' ');
    let pending = this.pending.get(key);
    if (!pending) {
      pending = fetchToken(this.send, c, scopes, creds, this.registry, signal).finally(() =>
        this.pending.delete(key),
      );
      this.pending.set(key, pending);
    }
    const t = await pending;
    this.tokens.set(this.registry, scopes, t);
    return `Bearer ${t.token}`;
  }

  /**
   * observe learns the scheme from a 401 the client saw anyway (its first GET /v2/), so the first real
   * request already carries credentials instead of collecting its own 401 first.
   */
  observe(res: HttpResponse): void {
    if (res.status !== 401 || this.challenge) return;
    this.challenge = pickChallenge(parseChallenges(headerAll(res, 'www-authenticate')));
  }

  /**
   * onUnauthorized learns from a 401 answer. It returns the scopes to retry with, or throws
   * UNAUTHORIZED when retrying cannot help (no credentials for Basic, an unknown scheme).
   */
  async onUnauthorized(res: HttpResponse, scopes: string[], sentAuth: boolean): Promise<string[]> {
    const challenges = parseChallenges(headerAll(res, 'www-authenticate'));
    const c = pickChallenge(challenges);
    if (!c) {
      throw new RegistryError(
        'UNAUTHORIZED',
        `${this.registry}: unauthorized, and the registry offers no Basic or Bearer challenge`,
        {
          status: 401,
          context: { registry: this.registry },
        },
      );
    }
    const creds = await this.creds();
    if (c.scheme === 'basic') {
      const has = !!creds && !!(creds.username || creds.password);
      this.challenge = c;
      if (!has)
        throw this.denied('the registry requires a username and password, and none were given for it');
      if (sentAuth) throw this.denied(`the username "${creds?.username ?? ''}" or its password was rejected`);
      return scopes;
    }
    const wanted = new Set(scopes);
    if (c.params.error === 'insufficient_scope') for (const s of challengeScopes(c)) wanted.add(s);
    const next = [...wanted];
    this.tokens.delete(this.registry, scopes);
    this.tokens.delete(this.registry, next);
    this.challenge = c;
    return next;
  }

  /** rejected is the error for a registry that still says 401 after we authenticated. */
  async rejected(): Promise<RegistryError> {
    const creds = await this.creds();
    return this.denied(
      creds
        ? 'the credentials were rejected'
        : 'the registry requires credentials, and none were given for it',
    );
  }

  private denied(why: string): RegistryError {
    return new RegistryError('UNAUTHORIZED', `${this.registry}: unauthorized: ${why}`, {
      status: 401,
      context: { registry: this.registry },
      details: ['give credentials for this registry (auths: username/password) or log in with docker login'],
    });
  }
}
