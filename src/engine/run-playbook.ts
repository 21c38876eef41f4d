/**
 * runPlaybook: load, validate, then run a playbook against an inventory (DESIGN.md §3).
 */
import { DeckhandError } from '../errors.js';
import type { RunOptions, RunReport } from './types.js';

export type {
  RunOptions,
  TaskStatus,
  EngineEvent,
  RegisteredResult,
  HostRecap,
  TaskReport,
  RunReport,
} from './types.js';

/** runPlaybook runs every play; throws DeckhandError for load/validation errors (before anything runs). */
export async function runPlaybook(opts: RunOptions): Promise<RunReport> {
  throw new DeckhandError('E_USAGE', `runPlaybook is not implemented yet (${opts.playbookPath})`);
}
