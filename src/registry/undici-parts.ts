/**
 * The three pieces of undici the registry client uses — Agent, EnvHttpProxyAgent and the `request`
 * API — loaded from their own files instead of undici's index. The index also loads fetch,
 * WebSocket, EventSource, the cache and mock layers and the SQLite cache store: measured on 2 cores,
 * 40 ms and 10 MB of every `deckhand image` process's start-up (issue 7), for nothing the client
 * calls. The public types still come from the package; the version is pinned by package-lock.json and
 * the registry tests exercise every call made through here.
 */
import { createRequire } from 'node:module';
import type { Agent as AgentClass, Dispatcher, EnvHttpProxyAgent as ProxyAgentClass } from 'undici';

const require = createRequire(import.meta.url);

/** undici's Agent: one keep-alive pool per origin. */
export const Agent = require('undici/lib/dispatcher/agent.js') as typeof AgentClass;

/** newEnvProxyAgent makes undici's EnvHttpProxyAgent, loaded only when a proxy is configured. */
export function newEnvProxyAgent(opts: ProxyAgentClass.Options): Dispatcher {
  const ProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent.js') as typeof ProxyAgentClass;
  return new ProxyAgent(opts);
}

type RequestApi = (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
const requestApi = require('undici/lib/api/api-request.js') as RequestApi;

/** request sends one request through `dispatcher` (undici's `dispatcher.request`). */
export function request(
  dispatcher: Dispatcher,
  url: URL,
  opts: Omit<Dispatcher.RequestOptions, 'origin' | 'path'>,
): Promise<Dispatcher.ResponseData> {
  return requestApi.call(dispatcher, {
    ...opts,
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
  });
}
