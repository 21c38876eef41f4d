/**
 * TreeBuilder turns validated task lists into the model, following what they pull in: import_tasks
 * and import_role when the playbook loads, include_tasks and include_role when a task runs (it is
 * the playbook's DynamicLoader). Problems are collected, each naming file, line and role; a cycle
 * names the chain of files.
 */
import { dirname, resolve } from 'node:path';
import { DeckhandError, isDeckhandError, withContext } from '../errors.js';
import type { Module } from '../module.js';
import { loadYamlFile, positionOf, type SourceFile, type YamlPath } from './load.js';
import {
  asList,
  moduleName,
  normalizeArgs,
  taskModuleKeys,
  withArgsKeyword,
  type BlockTask,
  type DynamicLoader,
  type Included,
  type Loc,
  type ModuleTask,
  type RoleInfo,
  type TaskAction,
  type TaskNode,
} from './model.js';
import { findRole, loadRole, type RoleFiles } from './roles.js';
import { isTemplate, validateTasksSource } from './validate.js';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where tasks are being built: their file, their role, the chain of files that led here. */
export interface BuildCtx {
  readonly src: SourceFile;
  readonly role?: RoleInfo;
  readonly chain: readonly string[];
  /** Handlers found on the way (roles' handlers/main) are added here. */
  readonly handlers: ModuleTask[];
  /** Roles already in this play (a role runs once per play unless its vars differ). */
  readonly seen: Set<string>;
  readonly newId: () => number;
}

/** What the builder needs. */
export interface TreeOptions {
  readonly modules: ReadonlyMap<string, Module>;
  readonly rolesPath: readonly string[];
  readonly playbookDir: string;
}

/** locOf is the position of `path` in `src`. */
export function locOf(src: SourceFile, path: YamlPath): Loc {
  const p = positionOf(src, path);
  return { file: p.file, line: p.line, col: p.col };
}

function positioned(src: SourceFile, path: YamlPath, e: DeckhandError, role?: string): DeckhandError {
  const loc = locOf(src, path);
  const err = new DeckhandError(e.code, `${loc.file}:${loc.line}:${loc.col}: ${e.message}`, {
    cause: e.cause,
    details: e.details,
    context: { ...e.context, file: loc.file, line: loc.line, col: loc.col },
  });
  return withContext(err, { role });
}

const ACTIONS: readonly TaskAction[] = ['include_tasks', 'include_role', 'meta'];
/** Ids of tasks included at run time sit between their include's id and the next task's. */
const DYN_STEP = 2 ** -16;

/** TreeBuilder builds task trees and loads files; `errors` collects every problem. */
export class TreeBuilder implements DynamicLoader {
  private nextId = 0;
  private readonly roles = new Map<string, Promise<RoleFiles>>();
  private readonly ctxOf = new Map<number, BuildCtx>();
  private readonly included = new Map<string, Promise<Included>>();
  private readonly counters = new Map<number, number>();

  constructor(
    readonly opts: TreeOptions,
    readonly errors: DeckhandError[],
  ) {}

  /** id gives the next static node id (document order). */
  id(): number {
    return this.nextId++;
  }

  /** tasks builds a task list at `path` of `ctx.src`. */
  async tasks(raws: unknown, path: YamlPath, ctx: BuildCtx): Promise<TaskNode[]> {
    const out: TaskNode[] = [];
    for (const [i, raw] of (Array.isArray(raws) ? raws : []).entries()) {
      if (isObject(raw)) out.push(await this.task(raw, [...path, i], ctx));
    }
    return out;
  }

  private named(name: string, ctx: BuildCtx): string {
    return ctx.role ? `${ctx.role.name} : ${name}` : name;
  }

  private async task(raw: Raw, path: YamlPath, ctx: BuildCtx): Promise<TaskNode> {
    const base = {
      id: ctx.newId(),
      loc: locOf(ctx.src, path),
      src: ctx.src,
      path,
      when: asList(raw.when),
      tags: asList(raw.tags).map(String),
      vars: (raw.vars as Raw | null | undefined) ?? undefined,
      ignoreErrors: raw.ignore_errors,
      noLog: raw.no_log as boolean | undefined,
      runOnce: raw.run_once as boolean | undefined,
      role: ctx.role,
    };
    const block = (name: string, nodes: TaskNode[]): BlockTask => ({
      ...base,
      kind: 'block',
      name: this.named((raw.name as string | undefined) ?? name, ctx),
      block: nodes,
      rescue: [],
      always: [],
    });
    if ('block' in raw) {
      return {
        ...block('block', await this.tasks(raw.block, [...path, 'block'], ctx)),
        rescue: await this.tasks(raw.rescue, [...path, 'rescue'], ctx),
        always: await this.tasks(raw.always, [...path, 'always'], ctx),
      };
    }
    if (typeof raw.import_tasks === 'string') {
      const file = raw.import_tasks;
      return block(`import_tasks ${file}`, await this.importTasks(file, [...path, 'import_tasks'], ctx));
    }
    if ('import_role' in raw) {
      const ref = raw.import_role;
      const name = isObject(ref) ? String(ref.name) : String(ref);
      return block(`import_role ${name}`, await this.role({ role: name }, [...path, 'import_role'], ctx));
    }
    let key = taskModuleKeys(raw)[0] ?? ACTIONS.find((a) => a in raw) ?? 'meta';
    let args: unknown = raw[key];
    let delegateTo = raw.delegate_to as string | undefined;
    if ('local_action' in raw) {
      ({ key, args } = localAction(raw.local_action));
      delegateTo = 'localhost';
    }
    const action = ACTIONS.find((a) => a === key);
    const module = action ?? moduleName(key, this.opts.modules) ?? key;
    if (action) this.ctxOf.set(base.id, ctx);
    const lc = (raw.loop_control as Raw | undefined) ?? {};
    return {
      ...base,
      kind: 'task',
      name: this.named((raw.name as string | undefined) ?? module, ctx),
      module,
      moduleKey: key,
      action,
      args: action ? args : withArgsKeyword(normalizeArgs(args, this.opts.modules.get(module)), raw.args),
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
      delegateTo,
      checkMode: raw.check_mode as boolean | undefined,
      notify: 'notify' in raw ? asList(raw.notify).map(String) : undefined,
      listen: 'listen' in raw ? asList(raw.listen).map(String) : undefined,
    };
  }

  /** loadTasksFile loads and validates a tasks file, refusing a cycle; undefined after an error. */
  private async loadTasksFile(file: string, at: YamlPath, ctx: BuildCtx): Promise<SourceFile | undefined> {
    const role = ctx.role?.name;
    if (isTemplate(file)) {
      const e = new DeckhandError(
        'E_SCHEMA',
        `import_tasks cannot be a template (use include_tasks): ${file}`,
        {
          context: { field: 'import_tasks' },
        },
      );
      this.errors.push(positioned(ctx.src, at, e, role));
      return undefined;
    }
    const path = resolve(dirname(ctx.src.file), file);
    if (ctx.chain.includes(path)) {
      const chain = [...ctx.chain.slice(ctx.chain.indexOf(path)), path].join(' → ');
      const e = new DeckhandError('E_CYCLE', `tasks files include each other: ${chain}`, {
        context: { field: 'import_tasks' },
      });
      this.errors.push(positioned(ctx.src, at, e, role));
      return undefined;
    }
    try {
      const src = await loadYamlFile(path);
      const problems = validateTasksSource(src, this.opts.modules);
      this.errors.push(...problems.map((p) => withContext(p, { role })));
      return problems.length > 0 ? undefined : src;
    } catch (e) {
      if (!isDeckhandError(e)) throw e;
      this.errors.push(e.code === 'E_FILE' ? positioned(ctx.src, at, e, role) : withContext(e, { role }));
      return undefined;
    }
  }

  private async importTasks(file: string, at: YamlPath, ctx: BuildCtx): Promise<TaskNode[]> {
    const src = await this.loadTasksFile(file, at, ctx);
    if (!src) return [];
    return this.tasks(src.value, [], { ...ctx, src, chain: [...ctx.chain, src.file] });
  }

  /** role builds a role reference: its dependencies' blocks, then its own (once per play). */
  async role(ref: unknown, at: YamlPath, ctx: BuildCtx, vars?: Raw): Promise<TaskNode[]> {
    const r: Raw = isObject(ref) ? ref : { role: ref };
    const name = String(r.role ?? r.name);
    let dir: string;
    try {
      dir = findRole(name, this.opts.playbookDir, this.opts.rolesPath);
    } catch (e) {
      this.errors.push(positioned(ctx.src, at, e as DeckhandError, ctx.role?.name));
      return [];
    }
    const link = `role ${name} (${dir})`;
    if (ctx.chain.includes(link)) {
      const chain = [...ctx.chain.slice(ctx.chain.indexOf(link)), link].join(' → ');
      const e = new DeckhandError('E_CYCLE', `roles depend on each other: ${chain}`, {
        context: { field: 'dependencies' },
      });
      this.errors.push(positioned(ctx.src, at, e, name));
      return [];
    }
    const params = { ...(r.vars as Raw | undefined), ...vars };
    const key = `${dir}\0${JSON.stringify(params)}`;
    if (ctx.seen.has(key)) return [];
    ctx.seen.add(key);
    let files = this.roles.get(dir);
    if (!files) {
      files = loadRole(name, dir, this.opts.modules, this.errors);
      this.roles.set(dir, files);
    }
    const f = await files;
    const role: RoleInfo = { name, dir };
    const inner = { ...ctx, role, chain: [...ctx.chain, link] };
    const deps: TaskNode[] = [];
    for (const [i, d] of f.deps.entries()) {
      if (f.meta) deps.push(...(await this.role(d, ['dependencies', i], { ...inner, src: f.meta })));
    }
    const id = ctx.newId();
    const tasks = f.tasks ? await this.tasks(f.tasks.value, [], { ...inner, src: f.tasks }) : [];
    const roleVars = { ...f.defaults, ...f.vars, ...params, role_name: name, role_path: dir };
    if (f.handlers) {
      const own: ModuleTask[] = [];
      await this.handlers(f.handlers.value, [], { ...inner, src: f.handlers, handlers: own });
      // A handler runs outside its role's block, so it carries the role's variables itself.
      for (const h of own) ctx.handlers.push({ ...h, vars: { ...roleVars, ...h.vars } });
    }
    const block: BlockTask = {
      id,
      kind: 'block',
      name: `role ${name}`,
      loc: locOf(ctx.src, at),
      src: ctx.src,
      path: at,
      when: asList(r.when),
      tags: asList(r.tags).map(String),
      vars: { ...f.vars, ...params, role_name: name, role_path: dir },
      defaults: f.defaults,
      role,
      block: tasks,
      rescue: [],
      always: [],
    };
    return [...deps, block];
  }

  /** handlers builds a handlers list into `ctx.handlers` (each answers to its name and `listen`). */
  async handlers(raws: unknown, path: YamlPath, ctx: BuildCtx): Promise<void> {
    for (const [i, raw] of (Array.isArray(raws) ? raws : []).entries()) {
      if (!isObject(raw)) continue;
      const node = await this.task(raw, [...path, i], ctx);
      if (node.kind !== 'task') continue;
      const plain = typeof raw.name === 'string' ? [raw.name] : [];
      ctx.handlers.push({ ...node, listen: [...plain, node.name, ...(node.listen ?? [])] });
    }
  }

  private dynamicCtx(at: ModuleTask, extra: Partial<BuildCtx>): BuildCtx {
    const base = this.ctxOf.get(at.id) as BuildCtx;
    const depth = Math.round(Math.log2(1 / (at.id % 1 || 1)) / 16);
    const newId = (): number => {
      const k = (this.counters.get(at.id) ?? 0) + 1;
      this.counters.set(at.id, k);
      // Two levels of nested includes fit in a double; deeper ones just run after.
      return depth < 2 && k < 2 ** 15 ? at.id + k * DYN_STEP ** (depth + 1) : 1e9 + this.nextId++;
    };
    return { ...base, handlers: [], seen: new Set(), newId, ...extra };
  }

  private fail(at: ModuleTask, field: string): DeckhandError {
    const [first, ...rest] = this.errors.splice(0);
    const e = first ?? new DeckhandError('E_FILE', 'nothing could be loaded', {});
    return new DeckhandError(e.code, `task "${at.name}": ${e.message}`, {
      cause: e.cause,
      context: { ...e.context, task: at.name, field },
      details: [...e.details, ...rest.map((r) => r.message)],
    });
  }

  /** includeTasks loads a tasks file for a running include_tasks (shared by every host that names it). */
  includeTasks(file: string, at: ModuleTask): Promise<Included> {
    const key = `${at.id}\0${file}`;
    let p = this.included.get(key);
    if (!p) {
      p = (async () => {
        const ctx = this.dynamicCtx(at, {});
        const nodes = await this.importTasks(file, [...at.path, 'include_tasks'], ctx);
        if (this.errors.length > 0) throw this.fail(at, 'include_tasks');
        return { nodes, handlers: ctx.handlers };
      })();
      this.included.set(key, p);
    }
    return p;
  }

  /** includeRole builds a role for a running include_role. */
  includeRole(name: string, at: ModuleTask, vars?: Readonly<Raw>): Promise<Included> {
    const key = `${at.id}\0${name}\0${JSON.stringify(vars ?? {})}`;
    let p = this.included.get(key);
    if (!p) {
      p = (async () => {
        const ctx = this.dynamicCtx(at, {});
        const nodes = await this.role({ role: name }, [...at.path, 'include_role'], ctx, vars);
        if (this.errors.length > 0) throw this.fail(at, 'include_role');
        return { nodes, handlers: ctx.handlers };
      })();
      this.included.set(key, p);
    }
    return p;
  }
}

/** localAction reads `local_action: NAME ARGS` or `{module: NAME, ...args}`. */
function localAction(v: unknown): { key: string; args: unknown } {
  if (typeof v === 'string') {
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(v);
    return { key: m?.[1] ?? '', args: m?.[2] === '' ? null : m?.[2] };
  }
  const { module, ...args } = v as Raw;
  return { key: String(module), args };
}
