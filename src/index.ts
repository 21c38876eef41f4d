/**
 * deckhand's library API: run and validate playbooks in-process, with the built-in modules or your own.
 * Everything exported here is public and follows semver; deep imports are not.
 */
export { runPlaybook } from './engine/run-playbook.js';
export type {
  RunOptions,
  RunReport,
  TaskReport,
  HostRecap,
  EngineEvent,
  RegisteredResult,
  TaskStatus,
} from './engine/run-playbook.js';
export { validatePlaybook } from './engine/validate-playbook.js';
export { builtinModules } from '../modules/index.js';
export { localConnector } from './connectors/local.js';
export type {
  Module,
  ModuleContext,
  ModuleResult,
  ModuleEvent,
  Connector,
  ExecRequest,
  ExecResult,
  FileStat,
  JsonSchema,
} from './module.js';
export { DeckhandError, isDeckhandError, location } from './errors.js';
export type { ErrorCode, ErrorContext } from './errors.js';
export { registerSecret, redact, redactUrl } from './redact.js';
export * from '../modules/image/api.js';

// The libraries under the module: references and platforms, the registry client, the layout store,
// the copy engine and the registry server.
export { parseReference, formatReference, tryParseReference, type Reference } from './oci/reference.js';
export { parsePlatform, formatPlatform, normalizePlatform, platformMatches } from './oci/platform.js';
export { parseDigest, digestOf, VerifyStream } from './oci/digest.js';
export type { Descriptor, Platform } from './oci/descriptor.js';
export type { Target } from './content/target.js';
export { openRepository, openRegistry, Repository, Registry, RegistryError } from './registry/index.js';
export type { RepositoryOptions, Credentials } from './registry/index.js';
export { LayoutStore } from './store/index.js';
export type { StoreEntry, GcReport, FsckReport } from './store/index.js';
export { copy, copyImages } from './copy/index.js';
export type { CopyOptions, CopyResult, CopyEvent, CopyJob } from './copy/index.js';
export { startRegistryServer, type RegistryServer, type ServeOptions } from './server/index.js';
