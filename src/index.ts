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
