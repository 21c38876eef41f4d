/** The registry client's public API (DESIGN.md §6). */
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
