/**
 * The registry client's public API (DESIGN.md §6).
 *
 *   const repo = openRepository('registry.local:5000/team/app', { credentials, caFile });
 *   const root = await repo.resolve('v1');          // HEAD, GET fallback
 *   const stream = await repo.fetch(root);           // verified; blob downloads resume with Range
 *   await repo.push(desc, stream); await repo.tag(root, 'v2');
 *   if (await repo.mount(desc, 'team/other')) ...    // Mounter: same registry only
 *   await closeAllClients();                         // end of a run (idle sockets never hold the process)
 *
 * Repositories of one registry with equal options share one client (one undici pool, one token cache).
 * `credentials` are for that registry only: pick the caller's auth entry with `registryMatches`.
 */
export { openRepository, Repository } from './repository.js';
export { openRegistry, Registry, type PingResult } from './registry.js';
export {
  registryClient,
  closeAllClients,
  RegistryClient,
  apiHost,
  isLoopback,
  type ClientStats,
} from './client.js';
export {
  type ClientOptions,
  type RepositoryOptions,
  type Credentials,
  type Timeouts,
  type RetryOptions,
  MANIFEST_LIMIT,
} from './options.js';
export { RegistryError, parseWireErrors, type WireError } from './errors.js';
export { parseChallenges, type Challenge } from './auth/challenge.js';
export { dockerCredentials, dockerConfigDir, registryMatches } from './auth/credentials.js';
export { MANIFEST_ACCEPT, type FetchedManifest } from './manifests.js';
export type { DownloadStats } from './blob-download.js';
