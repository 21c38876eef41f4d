/**
 * The playbook model the engine runs: plays, tasks and blocks with their source positions.
 * Built from a validated YAML value (validate.ts reports problems first).
 */
import type { Module } from '../module.js';
import { ACTION_KEYS, MODULE_PREFIXES, TASK_KEYS } from './keywords.js';
import type { SourceFile, YamlPath } from './load.js';

/** Where a task or play starts. */
export interface Loc {
  file: string;
  line: number;
  col: number;
}

/** The role a node came from: its name and directory (files/ and templates/ are found there). */
export interface RoleInfo {
  readonly name: string;
  readonly dir: string;
}

/** What the engine does for a task that has no module behind it. */
export type TaskAction = 'include_tasks' | 'include_role' | 'meta';

interface NodeBase {
  /** Document order of the node (unique in the playbook). */
  readonly id: number;
  readonly name: string;
  readonly loc: Loc;
  readonly src: SourceFile;
  /** Path of the node in its file. */
  readonly path: YamlPath;
  readonly when: readonly unknown[];
  readonly tags: readonly string[];
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly ignoreErrors?: unknown;
  readonly noLog?: boolean;
  readonly runOnce?: boolean;
  /** `become`: true/false or a template (the nearest enclosing value wins). */
  readonly become?: unknown;
  /** `become_user`: the user to become (a template). */
  readonly becomeUser?: string;
  readonly role?: RoleInfo;
}

/** A task that runs one module. */
export interface ModuleTask extends NodeBase {
  readonly kind: 'task';
  readonly module: string;
  /** The key the module is written under (e.g. `ansible.builtin.debug`). */
  readonly moduleKey: string;
  /** Raw (unrendered) arguments, free-form strings already turned into objects. */
  readonly args: unknown;
  readonly loop?: unknown;
  readonly loopVar: string;
  readonly indexVar?: string;
  readonly label?: string;
  readonly register?: string;
  readonly failedWhen?: readonly unknown[];
  readonly changedWhen?: readonly unknown[];
  readonly until?: readonly unknown[];
  readonly retries?: unknown;
  readonly delay?: unknown;
  readonly delegateTo?: string;
  /** `check_mode`: true always checks, false always acts, absent follows --check. */
  readonly checkMode?: boolean;
  /** Handlers (names or listen topics) to notify when the task changed something. */
  readonly notify?: readonly string[];
  /** On a handler: the names it answers to (its own name, `role : name`, and `listen`). */
  readonly listen?: readonly string[];
  /** An engine action instead of a module (include_tasks, include_role, meta); `args` is its argument. */
  readonly action?: TaskAction;
}

/** A block with rescue and always sections. */
export interface BlockTask extends NodeBase {
  readonly kind: 'block';
  readonly block: readonly TaskNode[];
  readonly rescue: readonly TaskNode[];
  readonly always: readonly TaskNode[];
  /** Role defaults: the lowest-precedence variables of the tasks inside. */
  readonly defaults?: Readonly<Record<string, unknown>>;
}

/** A node of a play's task tree. */
export type TaskNode = ModuleTask | BlockTask;

/** A vars_files entry and where it is written. */
export interface VarsFileRef {
  readonly path: string;
  readonly loc: Loc;
}

/** One play. `tasks` is pre_tasks + tasks + post_tasks in order. */
export interface Play {
  readonly name: string;
  readonly hosts: string;
  readonly hostsLoc: Loc;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly varsFiles: readonly VarsFileRef[];
  readonly serial?: ReadonlyArray<number | string>;
  readonly tags: readonly string[];
  /** `any_errors_fatal`: one failed host stops the play on every host. */
  readonly anyErrorsFatal: boolean;
  /** `max_fail_percentage`: stop the play when more of a batch's hosts than this have failed. */
  readonly maxFailPercentage?: number;
  /** `become`/`become_user` of the play: what its tasks inherit unless a block or task says otherwise. */
  readonly become?: unknown;
  readonly becomeUser?: string;
  /** Handlers of the play and its roles, in definition order. */
  readonly handlers: readonly ModuleTask[];
  readonly tasks: readonly TaskNode[];
  readonly loc: Loc;
  /** The file the play is written in and its path there. */
  readonly src: SourceFile;
  readonly path: YamlPath;
}

/** A loaded playbook. */
export interface Playbook {
  readonly file: string;
  readonly dir: string;
  readonly plays: readonly Play[];
  /** Loads tasks files and roles while the play runs (include_tasks, include_role). */
  readonly loader?: DynamicLoader;
}

/** What include_tasks/include_role load at run time: the tasks, and a role's handlers. */
export interface Included {
  readonly nodes: readonly TaskNode[];
  readonly handlers: readonly ModuleTask[];
}

/** DynamicLoader builds tasks at run time; problems are thrown as DeckhandErrors naming the include. */
export interface DynamicLoader {
  includeTasks(file: string, at: ModuleTask): Promise<Included>;
  includeRole(
    name: string,
    at: ModuleTask,
    vars?: Readonly<Record<string, unknown>>,
    tasksFrom?: string,
  ): Promise<Included>;
}

type Raw = Record<string, unknown>;

/** moduleName maps a task key to a module name (stripping `ansible.builtin.` etc.), or undefined. */
export function moduleName(key: string, modules: ReadonlyMap<string, Module>): string | undefined {
  if (modules.has(key)) return key;
  for (const p of MODULE_PREFIXES) {
    if (key.startsWith(p) && modules.has(key.slice(p.length))) return key.slice(p.length);
  }
  return undefined;
}

/** taskModuleKeys lists a task's keys that are not keywords (each should be a module). */
export function taskModuleKeys(raw: Raw): string[] {
  return Object.keys(raw).filter((k) => !TASK_KEYS.includes(k) && !ACTION_KEYS.includes(k));
}

/** normalizeArgs turns a free-form string into `{[freeForm]: s}` and null into `{}`. */
export function normalizeArgs(value: unknown, mod: Module | undefined): unknown {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'string') return value;
  const kv = keyValueArgs(value);
  // `debug: msg="hi"` is key=value when every key is an argument of the module.
  const props = (mod?.schema.properties ?? {}) as Record<string, unknown>;
  if (kv && (!mod?.freeForm || Object.keys(kv).every((k) => Object.hasOwn(props, k)))) return kv;
  if (mod?.freeForm) return { [mod.freeForm]: value };
  return value;
}

const KV = /\s*([A-Za-z_][A-Za-z0-9_]*)=("((?:[^"\\]|\\.)*)"|'([^']*)'|(\S*))/y;

/**
 * keyValueArgs reads Ansible's `key=value key2="quoted value"` argument string (values stay
 * strings), or returns undefined when the string is not entirely in that form.
 */
export function keyValueArgs(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  KV.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (KV.lastIndex < text.length && (m = KV.exec(text)) !== null) {
    out[m[1] as string] = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? m[5] ?? '');
  }
  if (text.slice(KV.lastIndex).trim() !== '' || Object.keys(out).length === 0) return undefined;
  return out;
}

/** withArgsKeyword merges a task's `args:` keyword into its module arguments (args win). */
export function withArgsKeyword(args: unknown, extra: unknown): unknown {
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) return args;
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return args;
  return { ...args, ...extra };
}

/** asList makes a condition or tags list from a single value or a list. */
export function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** localAction reads `local_action: NAME ARGS` or `{module: NAME, ...args}`. */
export function localAction(v: unknown): { key: string; args: unknown } {
  if (typeof v === 'string') {
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(v);
    return { key: m?.[1] ?? '', args: m?.[2] === '' ? null : m?.[2] };
  }
  const { module, ...args } = v as Record<string, unknown>;
  return { key: String(module), args };
}
