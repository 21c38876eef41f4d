/**
 * The engine's public types: run options, events and the report (the API between the engine and the CLI).
 */
import type { DeckhandError } from '../errors.js';
import type { Connector, Module, ModuleEvent } from '../module.js';

/** Options of one `deckhand run`. */
export interface RunOptions {
  playbookPath: string;
  inventoryPaths: string[];
  /** `-e KEY=VALUE` and `-e @file.yaml`, already parsed by the CLI. Highest precedence. */
  extraVars: Record<string, unknown>;
  limit?: string;
  /** More directories to look for roles in (after `roles/` beside the playbook). */
  rolesPath?: string[];
  tags?: string[];
  skipTags?: string[];
  /** Hosts that run a task at the same time (default 5). */
  forks: number;
  check: boolean;
  modules: ReadonlyMap<string, Module>;
  /** Opens a host's connection; default: by `ansible_connection` (`local` → localConnector). */
  connect?: (host: string, vars: Readonly<Record<string, unknown>>) => Promise<Connector>;
  onEvent?: (e: EngineEvent) => void;
  signal?: AbortSignal;
}

/** How a task ended on a host (a loop: the aggregate of its items). */
export type TaskStatus = 'ok' | 'changed' | 'skipped' | 'failed' | 'unreachable';

/** Events in the order things happen: a play starts, each task starts, each host reports. */
export type EngineEvent =
  | { type: 'play_start'; play: string; hosts: string[] }
  | {
      type: 'task_start';
      play: string;
      task: string;
      file?: string;
      line?: number;
      /** The task is a handler (run because a task notified it). */
      handler?: boolean;
    }
  | {
      type: 'host_result';
      host: string;
      task: string;
      status: TaskStatus;
      result: RegisteredResult;
      ignored?: boolean;
      item?: unknown;
      noLog?: boolean;
      /** The error behind a failure made by the engine (undefined variable, bad `when`, …), with its context. */
      error?: DeckhandError;
    }
  | { type: 'module_event'; host: string; task: string; event: ModuleEvent }
  | { type: 'play_end'; play: string };

/** What `register` stores (DESIGN.md §3); a loop stores `results`, one per item. */
export interface RegisteredResult {
  changed: boolean;
  failed: boolean;
  skipped: boolean;
  rc?: number;
  stdout?: string;
  stderr?: string;
  stdout_lines?: string[];
  msg?: string;
  data?: unknown;
  results?: RegisteredResult[];
  item?: unknown;
  /** Attempts made under `until` (only when `until` is set). */
  attempts?: number;
}

/** Per-host counters printed in the PLAY RECAP. */
export interface HostRecap {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
  unreachable: number;
  rescued: number;
  ignored: number;
}

/** One task's outcome in the report. */
export interface TaskReport {
  name: string;
  file?: string;
  line?: number;
  hosts: Record<string, { status: TaskStatus; result: RegisteredResult }>;
}

/** The whole run: plays → tasks → per-host results, then the recap. */
export interface RunReport {
  plays: Array<{ name: string; hosts: string[]; tasks: TaskReport[] }>;
  recap: Record<string, HostRecap>;
  failed: boolean;
}
