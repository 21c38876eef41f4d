/** What running a task needs besides the task: shared by run-task, run-module and the scheduler. */
import type { DeckhandError } from '../errors.js';
import type { Connector, Module } from '../module.js';
import type { DynamicLoader, ModuleTask, TaskNode } from '../playbook/model.js';
import type { EngineEvent, RegisteredResult, TaskStatus } from './types.js';
import type { HostState, PlayVars } from './vars.js';

/** The per-play environment a task runs in. */
export interface TaskEnv {
  readonly play: string;
  readonly playbookDir: string;
  readonly check: boolean;
  readonly modules: ReadonlyMap<string, Module>;
  readonly vars: PlayVars;
  readonly hosts: ReadonlyMap<string, HostState>;
  readonly signal: AbortSignal;
  /** Loads include_tasks/include_role targets while the play runs. */
  readonly loader?: DynamicLoader;
  connector(host: string): Connector;
  emit(e: EngineEvent): void;
}

/** What a task inherits from its blocks and play. */
export interface Inherited {
  readonly when: readonly unknown[];
  readonly vars: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>;
  /** Role defaults of the enclosing roles (lowest precedence). */
  readonly defaults: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>;
  readonly ignoreErrors: readonly unknown[];
  readonly tags: readonly string[];
  readonly noLog: boolean;
  readonly runOnce: boolean;
  /** The nearest enclosing `become` (block, else play); undefined leaves the host's own setting. */
  readonly become?: unknown;
  readonly becomeUser?: string;
}

/** A task's outcome on one host. */
export interface TaskOutcome {
  status: TaskStatus;
  /** What `register` stored. */
  result: RegisteredResult;
  /** What events and the report show (no_log placeholder, secrets masked). */
  shown: RegisteredResult;
  ignored: boolean;
  error?: DeckhandError;
  /** Facts the task set (run_once copies them to every host). */
  facts?: Record<string, unknown>;
}

/** A task to run, with what it inherits. */
export interface Step {
  readonly task: ModuleTask;
  readonly inh: Inherited;
  /** Set by the scheduler on an include step: what the host includes (each with its loop item). */
  expand?: Array<{ nodes: readonly TaskNode[]; vars: Readonly<Record<string, unknown>> }>;
}
