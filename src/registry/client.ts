/**
 * RegistryClient: the connection to one registry. One undici Agent (keep-alive pool) per registry and
 * TLS setting, shared by every repository on it; retry and redirect composed around the base sender;
 * authentication per request scope; plain HTTP only when asked or for a loopback host that does not
 * speak TLS. `HTTP(S)_PROXY`/`NO_PROXY` are honoured through undici's EnvHttpProxyAgent.
 */
import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { Agent, newEnvProxyAgent } from './undici-parts.js';
import { Authorizer } from './auth/authorizer.js';
import { dockerCredentials } from './auth/credentials.js';
import { errorFromNetwork, errorFromResponse, isTlsProtocolMismatch, type Subject } from './errors.js';
import {
  baseSender,
  dump,
  isReplayable,
  readText,
  type HttpRequest,
  type HttpResponse,
  type Send,
} from './http.js';
import { resolveRetry, resolveTimeouts, type ClientOptions } from './options.js';
import { withRedirect } from './redirect.js';
import { withRetry } from './retry.js';
import { tlsSettings } from './tls-config.js';
import type { ErrorContext } from '../errors.js';

const USER_AGENT = 'deckhand/0.1.0';

/** apiHost maps a reference's registry to the host that serves its API (`docker.io` → `registry-1.docker.io`). */
export function apiHost(registry: string): string {
  const r = registry.toLowerCase();
  return r === 'docker.io' || r === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}

/** isLoopback tells whether a `host[:port]` is this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** A request as the repository makes it. */
export interface ClientRequest {
  method: HttpRequest['method'];
  /** A path under the registry (`/v2/...`) or an absolute URL (upload locations). */
  path?: string;
  url?: URL;
  headers?: Record<string, string>;
  body?: HttpRequest['body'];
  signal?: AbortSignal;
  /** Token scopes the request needs (`repository:x:pull`). */
  scopes?: string[];
  /** Statuses that are success; anything else becomes a RegistryError. Default: any. */
  expect?: number[];
  subject?: Subject;
  context?: ErrorContext;
}

/** Counters, for tests and progress. */
export interface ClientStats {
  requests: number;
  retries: number;
}

/** RegistryClient talks to one registry. Get one with `registryClient()` so pools are shared. */
export class RegistryClient {
  /** The registry as references name it (`docker.io`, `host:5000`). */
  readonly registry: string;
  readonly stats: ClientStats = { requests: 0, retries: 0 };
  readonly options: ClientOptions;
  private readonly dispatcher: Dispatcher;
  private readonly send: Send;
  private readonly authorizer: Authorizer;
  private base: Promise<URL> | undefined;

  constructor(registry: string, opts: ClientOptions = {}) {
    this.registry = registry;
    this.options = opts;
    const tls = tlsSettings(registry, opts);
    const t = resolveTimeouts(opts.timeouts);
    const agentOpts = {
      connect: { ...tls, timeout: t.connect },
      headersTimeout: t.headers,
      bodyTimeout: t.body,
      connections: opts.connections ?? 16,
      keepAliveTimeout: 30_000,
    };
    const env = process.env;
    const proxied = !!(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
    this.dispatcher = proxied ? newEnvProxyAgent({ ...agentOpts, requestTls: tls }) : new Agent(agentOpts);
    const retry = resolveRetry(opts.retry);
    const base = baseSender(this.dispatcher);
    const counted: Send = (req) => {
      this.stats.requests++;
      return base(req);
    };
    this.send = withRetry(withRedirect(counted), retry, { onRetry: () => void this.stats.retries++ });
    this.authorizer = new Authorizer(
      registry,
      this.send,
      async () => opts.credentials ?? dockerCredentials(registry, { configDir: opts.dockerConfigDir }),
    );
  }

  /** baseUrl is `https://host` or `http://host`, probing once for loopback hosts with no explicit choice. */
  baseUrl(signal?: AbortSignal): Promise<URL> {
    this.base ??= this.pickScheme(signal);
    return this.base;
  }

  private async pickScheme(signal?: AbortSignal): Promise<URL> {
    const host = apiHost(this.registry);
    const https = new URL(`https://${host}`);
    const http = new URL(`http://${host}`);
    if (this.options.plainHttp === true) return http;
    if (this.options.plainHttp === false || !isLoopback(host)) return https;
    try {
      const res = await this.send({
        method: 'GET',
        url: new URL('/v2/', https),
        headers: this.headers(),
        signal,
      });
      await dump(res);
      this.authorizer.observe(res);
      return https;
    } catch (e) {
      if (isTlsProtocolMismatch(e)) return http;
      this.base = undefined; // a refused connection says nothing about the scheme: ask again next time
      throw errorFromNetwork(e, 'GET', new URL('/v2/', https), { registry: this.registry });
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { 'user-agent': this.options.userAgent ?? USER_AGENT, 'accept-encoding': 'identity', ...extra };
  }

  /** request sends one request with authentication, retries and redirects; see ClientRequest. */
  async request(r: ClientRequest): Promise<HttpResponse> {
    const base = await this.baseUrl(r.signal);
    const url = r.url ?? new URL(r.path ?? '/v2/', base);
    const context = { registry: this.registry, ...r.context };
    let scopes = r.scopes ?? [];
    const replayable = isReplayable({ method: r.method, url, headers: {}, body: r.body });
    for (let round = 0; ; round++) {
      const headers = this.headers(r.headers);
      const auth = url.origin === base.origin ? await this.authorizer.header(scopes, r.signal) : undefined;
      if (auth) headers.authorization = auth;
      let res: HttpResponse;
      try {
        res = await this.send({ method: r.method, url, headers, body: r.body, signal: r.signal });
      } catch (e) {
        throw errorFromNetwork(e, r.method, url, context);
      }
      if (res.status === 401 && res.url.origin === base.origin && replayable && round < 3) {
        await dump(res);
        const next = await this.authorizer.onUnauthorized(res, scopes, !!auth);
        // Credentials that were sent and rejected for the same scopes will not work on a second try;
        // a first challenge, a revoked token (first round) or a wider scope is worth one more round.
        if (auth && round >= 1 && next.length === scopes.length) throw await this.authorizer.rejected();
        scopes = next;
        continue;
      }
      if (res.status === 401 && res.url.origin === base.origin && replayable) {
        await dump(res);
        throw await this.authorizer.rejected();
      }
      if (r.expect && !r.expect.includes(res.status)) {
        const body = r.method === 'HEAD' ? '' : await readText(res);
        throw errorFromResponse({
          status: res.status,
          body,
          method: r.method,
          url,
          subject: r.subject,
          context,
        });
      }
      return res;
    }
  }

  /** close ends the pool; the shared cache forgets this client. */
  async close(): Promise<void> {
    for (const [k, c] of clients) if (c === this) clients.delete(k);
    // close() waits for requests in flight; one whose body a failed copy left unread would keep it
    // waiting for ever (and with no live handle left, node exits 13 mid-await). Wait a moment, then destroy.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), CLOSE_GRACE_MS)));
    const how = await Promise.race([this.dispatcher.close().then(() => 'closed' as const), late]);
    clearTimeout(timer);
    if (how === 'late') await this.dispatcher.destroy();
  }
}

const clients = new Map<string, RegistryClient>();

/** CLOSE_GRACE_MS: how long close() lets requests in flight finish before it destroys the pool. */
const CLOSE_GRACE_MS = 1000;

function cacheKey(registry: string, opts: ClientOptions): string {
  const c = opts.credentials;
  const secret = c ? createHash('sha256').update(JSON.stringify(c)).digest('hex') : '';
  return JSON.stringify([registry.toLowerCase(), { ...opts, credentials: secret }]);
}

/** registryClient returns the shared client for `registry` and these options (one pool per registry). */
export function registryClient(registry: string, opts: ClientOptions = {}): RegistryClient {
  const key = cacheKey(registry, opts);
  let c = clients.get(key);
  if (!c) {
    c = new RegistryClient(registry, opts);
    clients.set(key, c);
  }
  return c;
}

/** closeAllClients closes every shared client (end of a run, end of a test). */
export async function closeAllClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.close()));
}
