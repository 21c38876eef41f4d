/**
 * Auth selection (DESIGN.md §4): an auth entry applies only to the registry it names (host and port
 * exactly; `docker.io` also matches `registry-1.docker.io`), so credentials are never sent elsewhere.
 * A registry with no entry falls back to `~/.docker/config.json` (the registry client does that).
 */
import { DeckhandError } from '../../src/errors.js';
import { registerSecret } from '../../src/redact.js';
import type { ClientOptions } from '../../src/registry/index.js';
import type { AuthArg } from './types.js';

/** Connection settings that apply to every registry of a task unless an auth entry says otherwise. */
export interface ConnectionDefaults {
  skipTlsVerify?: boolean;
  plainHttp?: boolean;
  caFile?: string;
  /** Docker config directory for the fallback credentials (default $DOCKER_CONFIG or ~/.docker). */
  dockerConfigDir?: string;
}

const HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** authHost turns what an entry names (`https://host:5000/v2/`, `HOST:5000`) into `host:5000`. */
export function authHost(name: string): string {
  let k = name.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = k.indexOf('/');
  if (slash >= 0) k = k.slice(0, slash);
  return k.toLowerCase();
}

/** sameRegistry compares two registry hosts; Docker Hub's names are one registry. */
export function sameRegistry(a: string, b: string): boolean {
  const x = authHost(a);
  const y = authHost(b);
  return x === y || (HUB.has(x) && HUB.has(y));
}

/** checkAuths validates auth entries up front (each must name a registry) and registers their secrets. */
export function checkAuths(auths: readonly AuthArg[] | undefined, field: string): AuthArg[] {
  const list = [...(auths ?? [])];
  list.forEach((a, i) => {
    registerSecret(a.password);
    const name = a.registry ?? a.repo;
    if (!name || authHost(name) === '') {
      throw new DeckhandError('E_MODULE', `${field}[${i}] names no registry (set "registry" or "repo")`, {
        context: { field: `${field}[${i}]` },
      });
    }
  });
  return list;
}

/** findAuth returns the entry for `registry`, or undefined. */
export function findAuth(registry: string, auths: readonly AuthArg[]): AuthArg | undefined {
  return auths.find((a) => sameRegistry(a.registry ?? a.repo ?? '', registry));
}

/** clientOptionsFor builds the registry client options for `registry` from its auth entry and the defaults. */
export function clientOptionsFor(
  registry: string,
  auths: readonly AuthArg[],
  defaults: ConnectionDefaults = {},
): ClientOptions {
  const a = findAuth(registry, auths);
  const opts: ClientOptions = {};
  const skip = a?.skip_tls_verify ?? a?.insecure ?? defaults.skipTlsVerify;
  if (skip !== undefined) opts.skipTlsVerify = skip;
  // Only `true` forces plain HTTP; false keeps the client's default (HTTPS, loopback falls back to HTTP).
  if ((a?.plain_http ?? defaults.plainHttp) === true) opts.plainHttp = true;
  const ca = a?.ca_file ?? defaults.caFile;
  if (ca) opts.caFile = ca;
  if (a?.cert_file) opts.certFile = a.cert_file;
  if (a?.key_file) opts.keyFile = a.key_file;
  if (defaults.dockerConfigDir) opts.dockerConfigDir = defaults.dockerConfigDir;
  if (a && (a.username || a.password)) {
    registerSecret(a.password);
    opts.credentials = { username: a.username ?? '', password: a.password ?? '' };
  }
  return opts;
}
