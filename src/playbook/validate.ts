/**
 * Playbook validation: the playbook schema, then what a schema cannot say (exactly one module per
 * task, unknown keys with "did you mean" hints, each module's arguments against its own schema).
 * Every problem is reported, each naming file:line:col and the path.
 */
import { DeckhandError } from '../errors.js';
import type { JsonSchema, Module } from '../module.js';
import { loadSchema, validatorFor } from './ajv.js';
import { hintText } from './hints.js';
import { ACTION_KEYS, MODULE_TASK_KEYS, TASK_KEYS } from './keywords.js';
import { formatPath, positionOf, type SourceFile, type YamlPath } from './load.js';
import { localAction, moduleName, normalizeArgs, taskModuleKeys, withArgsKeyword } from './model.js';
import { schemaErrors } from './schema-errors.js';
import { checkVarsFiles } from './vars-files-check.js';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** isTemplate tells whether a value is a string that will be rendered. */
export function isTemplate(v: unknown): boolean {
  return typeof v === 'string' && v.includes('{{');
}

/** validatePlaybookSource returns every problem in a parsed playbook file. */
export function validatePlaybookSource(
  src: SourceFile,
  modules: ReadonlyMap<string, Module>,
): DeckhandError[] {
  const validate = validatorFor(loadSchema('playbook.schema.json'), 'static');
  const errors: DeckhandError[] = [];
  if (!validate(src.value))
    errors.push(
      ...schemaErrors(validate.errors ?? [], {
        src,
        base: [],
        rootLabel: 'playbook',
        taskAt: (p) => taskAt(src.value, p),
      }),
    );
  if (!Array.isArray(src.value)) return errors;
  src.value.forEach((play, i) => {
    if (!isObject(play) || 'import_playbook' in play) return;
    for (const section of ['pre_tasks', 'tasks', 'post_tasks', 'handlers']) {
      checkTasks(play[section], [i, section], src, modules, errors);
    }
    checkVarsFiles(play.vars_files, [i, 'vars_files'], src, errors);
  });
  return errors;
}

const tasksFileSchemas = new WeakMap<object, JsonSchema>();

/** validateTasksSource returns every problem in a tasks file (role tasks/handlers, import_tasks). */
export function validateTasksSource(src: SourceFile, modules: ReadonlyMap<string, Module>): DeckhandError[] {
  const playbook = loadSchema('playbook.schema.json');
  let schema = tasksFileSchemas.get(playbook);
  if (!schema) {
    // The same document with a list of tasks at its root, so its $refs still resolve.
    schema = { ...playbook, type: ['array', 'null'], items: { $ref: '#/$defs/task' } } as JsonSchema;
    tasksFileSchemas.set(playbook, schema);
  }
  const validate = validatorFor(schema, 'static');
  const errors: DeckhandError[] = [];
  if (!validate(src.value))
    errors.push(
      ...schemaErrors(validate.errors ?? [], {
        src,
        base: [],
        rootLabel: 'tasks file',
        taskAt: (p) => taskAt([{ tasks: src.value }], [0, 'tasks', ...p]),
      }),
    );
  checkTasks(src.value, [], src, modules, errors);
  return errors;
}

function checkTasks(
  tasks: unknown,
  path: YamlPath,
  src: SourceFile,
  modules: ReadonlyMap<string, Module>,
  out: DeckhandError[],
): void {
  if (!Array.isArray(tasks)) return;
  tasks.forEach((t, i) => {
    if (isObject(t)) checkTask(t, [...path, i], src, modules, out);
  });
}

function fail(
  src: SourceFile,
  path: YamlPath,
  task: string,
  message: string,
  opts: { key?: boolean; field?: string } = {},
): DeckhandError {
  const pos = positionOf(src, path, { key: opts.key });
  return new DeckhandError('E_SCHEMA', `${pos.file}:${pos.line}:${pos.col}: task "${task}": ${message}`, {
    context: {
      file: pos.file,
      line: pos.line,
      col: pos.col,
      path: formatPath(path),
      task,
      field: opts.field,
    },
  });
}

function checkTask(
  raw: Raw,
  path: YamlPath,
  src: SourceFile,
  modules: ReadonlyMap<string, Module>,
  out: DeckhandError[],
): void {
  const keys = taskModuleKeys(raw);
  const actions = ACTION_KEYS.filter((k) => k in raw);
  if (actions.length > 0) {
    checkAction(raw, actions, keys, path, src, modules, out);
    return;
  }
  const known = keys.filter((k) => moduleName(k, modules) !== undefined);
  const label = typeof raw.name === 'string' ? raw.name : (known[0] ?? keys[0] ?? 'task');
  for (const k of keys) {
    if (moduleName(k, modules) !== undefined) continue;
    const hint = hintText(k, [...modules.keys(), ...TASK_KEYS]);
    out.push(
      fail(src, [...path, k], label, `unknown module or task keyword "${k}"${hint}`, { key: true, field: k }),
    );
  }
  if ('block' in raw) {
    if (known.length > 0)
      out.push(
        fail(src, [...path, known[0] as string], label, `a block cannot also run a module ("${known[0]}")`, {
          key: true,
          field: known[0],
        }),
      );
    for (const k of MODULE_TASK_KEYS) {
      if (k in raw)
        out.push(fail(src, [...path, k], label, `"${k}" cannot be used on a block`, { key: true, field: k }));
    }
    for (const section of ['block', 'rescue', 'always'])
      checkTasks(raw[section], [...path, section], src, modules, out);
    return;
  }
  for (const section of ['rescue', 'always']) {
    if (section in raw)
      out.push(
        fail(src, [...path, section], label, `"${section}" needs a "block"`, { key: true, field: section }),
      );
  }
  if (known.length > 1) {
    out.push(
      fail(
        src,
        [...path, known[1] as string],
        label,
        `one module per task, found ${known.map((k) => `"${k}"`).join(' and ')}`,
        { key: true, field: known[1] },
      ),
    );
    return;
  }
  if (known.length === 0) {
    if (keys.length === 0)
      out.push(fail(src, path, label, 'no module to run (add e.g. "debug:" or "command:")'));
    return;
  }
  const key = known[0] as string;
  const mod = modules.get(moduleName(key, modules) as string) as Module;
  checkArgs(raw[key], raw.args, mod, [...path, key], label, key, src, out);
}

function checkAction(
  raw: Raw,
  actions: string[],
  keys: string[],
  path: YamlPath,
  src: SourceFile,
  modules: ReadonlyMap<string, Module>,
  out: DeckhandError[],
): void {
  const label = typeof raw.name === 'string' ? raw.name : (actions[0] as string);
  const extra = [...actions.slice(1), ...keys, ...('block' in raw ? ['block'] : [])];
  for (const k of extra) {
    const msg =
      keys.includes(k) && moduleName(k, modules) === undefined
        ? `unknown module or task keyword "${k}"${hintText(k, [...modules.keys(), ...TASK_KEYS])}`
        : `"${actions[0]}" cannot be combined with "${k}"`;
    out.push(fail(src, [...path, k], label, msg, { key: true, field: k }));
  }
  if (actions[0] !== 'local_action') return;
  const la = raw.local_action;
  const name = typeof la === 'string' ? la.trim().split(/\s+/)[0] : isObject(la) ? la.module : undefined;
  const mod = typeof name === 'string' ? moduleName(name, modules) : undefined;
  if (mod === undefined) {
    const hint = typeof name === 'string' ? hintText(name, [...modules.keys()]) : '';
    out.push(
      fail(src, [...path, 'local_action'], label, `unknown module "${String(name)}" in local_action${hint}`, {
        field: 'local_action',
      }),
    );
    return;
  }
  const { args } = localAction(la);
  checkArgs(
    args,
    raw.args,
    modules.get(mod) as Module,
    [...path, 'local_action'],
    label,
    String(name),
    src,
    out,
  );
}

function checkArgs(
  value: unknown,
  argsKeyword: unknown,
  mod: Module,
  path: YamlPath,
  task: string,
  key: string,
  src: SourceFile,
  out: DeckhandError[],
): void {
  if (isTemplate(value)) return;
  const args = withArgsKeyword(normalizeArgs(value, mod), argsKeyword);
  const validate = validatorFor(mod.schema, 'static');
  if (validate(args)) return;
  // A free-form string sits at the module key itself, not under its property.
  const freeForm =
    typeof value === 'string' && mod.freeForm !== undefined && isObject(args) && args[mod.freeForm] === value;
  out.push(
    ...schemaErrors(validate.errors ?? [], {
      src,
      base: path,
      context: { task },
      label: (p) =>
        `task "${task}": ${[key, ...(freeForm && p[0] === mod.freeForm ? [] : p)].map(String).join('.')}`,
      skip: (p) => pathHasTemplate(args, p),
    }).map((e) => {
      if (freeForm) return e;
      e.context.field = e.context.path?.slice(e.context.path.indexOf(key)) ?? key;
      return e;
    }),
  );
}

function pathHasTemplate(root: unknown, path: YamlPath): boolean {
  let v: unknown = root;
  for (const seg of path) {
    if (isTemplate(v)) return true;
    if (v === null || typeof v !== 'object') return false;
    v = (v as Record<string, unknown>)[seg];
  }
  return isTemplate(v);
}

const SECTIONS = new Set(['pre_tasks', 'tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always']);

/** taskAt finds the innermost task on a path, for naming it in schema errors. */
function taskAt(root: unknown, path: YamlPath): { name: string; rest: YamlPath } | undefined {
  let found: { name: string; rest: YamlPath } | undefined;
  let v: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as string | number;
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
    if (typeof seg === 'number' && i > 0 && SECTIONS.has(String(path[i - 1])) && isObject(v)) {
      const name = typeof v.name === 'string' ? v.name : (taskModuleKeys(v)[0] ?? 'block');
      found = { name, rest: path.slice(i + 1) };
    }
  }
  return found;
}
