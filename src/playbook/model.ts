/**
 * The playbook model the engine runs: plays, tasks and blocks with their source positions.
 * Built from a validated YAML value (validate.ts reports problems first).
 */
import { dirname } from 'node:path';
import type { Module } from '../module.js';
import { MODULE_PREFIXES, TASK_KEYS } from './keywords.js';
import { positionOf, type SourceFile, type YamlPath } from './load.js';

/** Where a task or play starts. */
export interface Loc {
  file: string;
  line: number;
  col: number;
}

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
}

/** A block with rescue and always sections. */
export interface BlockTask extends NodeBase {
  readonly kind: 'block';
  readonly block: readonly TaskNode[];
  readonly rescue: readonly TaskNode[];
  readonly always: readonly TaskNode[];
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
  readonly tasks: readonly TaskNode[];
  readonly loc: Loc;
}

/** A loaded playbook. */
export interface Playbook {
  readonly file: string;
  readonly dir: string;
  readonly plays: readonly Play[];
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
  return Object.keys(raw).filter((k) => !TASK_KEYS.includes(k));
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

/** buildPlaybook builds the model from a validated playbook file. */
export function buildPlaybook(src: SourceFile, modules: ReadonlyMap<string, Module>): Playbook {
  let nextId = 0;
  const locOf = (path: YamlPath): Loc => {
    const p = positionOf(src, path);
    return { file: p.file, line: p.line, col: p.col };
  };

  const buildTasks = (raws: unknown, path: YamlPath): TaskNode[] =>
    ((raws as Raw[] | null | undefined) ?? []).map((raw, i) => buildTask(raw, [...path, i]));

  const buildTask = (raw: Raw, path: YamlPath): TaskNode => {
    const id = nextId++;
    const base = {
      id,
      loc: locOf(path),
      src,
      path,
      when: asList(raw.when),
      tags: asList(raw.tags).map(String),
      vars: (raw.vars as Raw | null | undefined) ?? undefined,
      ignoreErrors: raw.ignore_errors,
      noLog: raw.no_log as boolean | undefined,
      runOnce: raw.run_once as boolean | undefined,
    };
    if ('block' in raw) {
      return {
        ...base,
        kind: 'block',
        name: (raw.name as string | undefined) ?? 'block',
        block: buildTasks(raw.block, [...path, 'block']),
        rescue: buildTasks(raw.rescue, [...path, 'rescue']),
        always: buildTasks(raw.always, [...path, 'always']),
      };
    }
    const key = taskModuleKeys(raw)[0] as string;
    const module = moduleName(key, modules) ?? key;
    const lc = (raw.loop_control as Raw | undefined) ?? {};
    return {
      ...base,
      kind: 'task',
      name: (raw.name as string | undefined) ?? module,
      module,
      moduleKey: key,
      args: withArgsKeyword(normalizeArgs(raw[key], modules.get(module)), raw.args),
      loop: raw.loop,
      loopVar: (lc.loop_var as string | undefined) ?? 'item',
      indexVar: lc.index_var as string | undefined,
      label: lc.label as string | undefined,
      register: raw.register as string | undefined,
      failedWhen: 'failed_when' in raw ? asList(raw.failed_when) : undefined,
      changedWhen: 'changed_when' in raw ? asList(raw.changed_when) : undefined,
      until: 'until' in raw ? asList(raw.until) : undefined,
      retries: raw.retries,
      delay: raw.delay,
      delegateTo: raw.delegate_to as string | undefined,
      checkMode: raw.check_mode as boolean | undefined,
    };
  };

  // `gather_facts: true` runs the `setup` module first on every host, as Ansible's implicit
  // "Gathering Facts" task does (tagged always, so --tags never leaves later tasks without facts).
  const gatherFacts = (raw: Raw, i: number): TaskNode[] => {
    if (raw.gather_facts !== true || !modules.has('setup')) return [];
    const path: YamlPath = [i, 'gather_facts'];
    return [
      {
        id: nextId++,
        loc: locOf(path),
        src,
        path,
        when: [],
        tags: ['always'],
        vars: undefined,
        ignoreErrors: undefined,
        noLog: undefined,
        runOnce: undefined,
        kind: 'task',
        name: 'Gathering Facts',
        module: 'setup',
        moduleKey: 'setup',
        args: {},
        loopVar: 'item',
        checkMode: false,
      },
    ];
  };

  const plays = ((src.value as Raw[] | null) ?? []).map((raw, i): Play => {
    const hosts = Array.isArray(raw.hosts) ? (raw.hosts as string[]).join(':') : String(raw.hosts);
    const tasks = [
      ...gatherFacts(raw, i),
      ...buildTasks(raw.pre_tasks, [i, 'pre_tasks']),
      ...buildTasks(raw.tasks, [i, 'tasks']),
      ...buildTasks(raw.post_tasks, [i, 'post_tasks']),
    ];
    const serial = raw.serial === undefined ? undefined : (asList(raw.serial) as Array<number | string>);
    return {
      name: (raw.name as string | undefined) ?? hosts,
      hosts,
      hostsLoc: locOf([i, 'hosts']),
      vars: (raw.vars as Raw | null | undefined) ?? {},
      varsFiles: ((raw.vars_files as string[] | undefined) ?? []).map((p, j) => ({
        path: p,
        loc: locOf([i, 'vars_files', j]),
      })),
      serial,
      tags: asList(raw.tags).map(String),
      anyErrorsFatal: raw.any_errors_fatal === true,
      tasks,
      loc: locOf([i]),
    };
  });
  return { file: src.file, dir: dirname(src.file), plays };
}
