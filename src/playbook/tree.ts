/**
 * TreeBuilder turns validated task lists into the model, following what they pull in: import_tasks
 * and import_role when the playbook loads, include_tasks and include_role when a task runs (it is
 * the playbook's DynamicLoader). Problems are collected, each naming file, line and role; a cycle
 * names the chain of files.
 */
import { DeckhandError, isDeckhandError } from '../errors.js';
import type { Module } from '../module.js';
import type { SourceFile, YamlPath } from './load.js';
import {
  asList,
  localAction,
  moduleName,
  normalizeArgs,
  taskModuleKeys,
  withArgsKeyword,
  type BlockTask,
  type DynamicLoader,
  type Included,
  type ModuleTask,
  type RoleInfo,
  type TaskAction,
  type TaskNode,
} from './model.js';
import { locOf } from './positions.js';
import { roleNodes } from './role-block.js';
import { loadTasksFile } from './tasks-file.js';
import { loadRole, type RoleFiles } from './roles.js';
import { isTemplate } from './validate.js';

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

const ACTIONS: readonly TaskAction[] = ['include_tasks', 'include_role', 'meta'];
/** Ids of tasks included at run time sit between their include's id and the next task's. */
const DYN_STEP = 2 ** -16;

/** What every TreeBuilder of one playbook shares: ids, loaded roles, include contexts and results. */
class Shared {
  nextId = 0;
  readonly roles = new Map<string, Promise<RoleFiles>>();
  readonly ctxOf = new Map<number, BuildCtx>();
  readonly included = new Map<string, Promise<Included>>();
  readonly counters = new Map<number, number>();
  /** How deep in run-time includes a node sits (absent: 0, loaded with the playbook). */
  readonly depth = new Map<number, number>();
}

/** TreeBuilder builds task trees and loads files; `errors` collects every problem. */
export class TreeBuilder implements DynamicLoader {
  constructor(
    readonly opts: TreeOptions,
    readonly errors: DeckhandError[],
    private readonly shared = new Shared(),
  ) {}

  /** id gives the next static node id (document order). */
  id(): number {
    return this.shared.nextId++;
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
      become: raw.become,
      becomeUser: raw.become_user as string | undefined,
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
      const from = isObject(ref) ? ref.tasks_from : undefined;
      const vars = isObject(ref) ? ref.vars : undefined;
      const nodes = await this.role(
        { role: name, tasks_from: from, vars },
        [...path, 'import_role'],
        ctx,
        undefined,
        false,
      );
      return block(`import_role ${name}`, nodes);
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
    if (action) this.shared.ctxOf.set(base.id, ctx);
    const lc = (raw.loop_control as Raw | undefined) ?? {};
    const node: ModuleTask = {
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
    if (action === 'include_tasks' || action === 'include_role') await this.preload(node);
    return node;
  }

  /** preload loads an include whose target is written out (no template) now, so validate sees it. */
  private async preload(node: ModuleTask): Promise<void> {
    const arg = node.args;
    const name = isObject(arg) ? arg.name : arg;
    const from = isObject(arg) ? arg.tasks_from : undefined;
    if (typeof name !== 'string' || isTemplate(name) || isTemplate(from)) return;
    try {
      if (node.action === 'include_tasks') await this.includeTasks(name, node);
      else await this.includeRole(name, node, undefined, from as string | undefined);
    } catch (e) {
      if (!isDeckhandError(e)) throw e;
      this.errors.push(e);
    }
  }

  /** importTasks loads a tasks file (relative to the file naming it) and builds its tasks. */
  async importTasks(file: string, at: YamlPath, ctx: BuildCtx): Promise<TaskNode[]> {
    const src = await loadTasksFile(this, file, at, ctx);
    if (!src) return [];
    return this.tasks(src.value, [], { ...ctx, src, chain: [...ctx.chain, src.file] });
  }

  /** role builds a role reference: its dependencies' blocks, then its own (once per play). */
  role(ref: unknown, at: YamlPath, ctx: BuildCtx, vars?: Raw, once = true): Promise<TaskNode[]> {
    return roleNodes(this, ref, at, ctx, vars, once);
  }

  /** roleFiles loads a role's files once per playbook. */
  roleFiles(name: string, dir: string): Promise<RoleFiles> {
    let files = this.shared.roles.get(dir);
    if (!files) {
      files = loadRole(name, dir, this.opts.modules, this.errors);
      this.shared.roles.set(dir, files);
    }
    return files;
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

  private dynamicCtx(at: ModuleTask): BuildCtx {
    const base = this.shared.ctxOf.get(at.id) as BuildCtx;
    const depth = this.shared.depth.get(at.id) ?? 0;
    const newId = (): number => {
      const k = (this.shared.counters.get(at.id) ?? 0) + 1;
      this.shared.counters.set(at.id, k);
      // Two levels of nested run-time includes fit between two ids in a double; deeper ones run after.
      const id = depth < 2 && k < 2 ** 15 ? at.id + k * DYN_STEP ** (depth + 1) : 1e9 + this.shared.nextId++;
      this.shared.depth.set(id, depth + 1);
      return id;
    };
    return { ...base, handlers: [], seen: new Set(), newId };
  }

  /** dynamic loads at run time with its own error list (several hosts may load at once). */
  private dynamic(
    key: string,
    at: ModuleTask,
    field: string,
    load: (b: TreeBuilder, ctx: BuildCtx) => Promise<TaskNode[]>,
  ): Promise<Included> {
    let p = this.shared.included.get(key);
    if (!p) {
      p = (async () => {
        const errors: DeckhandError[] = [];
        const ctx = this.dynamicCtx(at);
        const nodes = await load(new TreeBuilder(this.opts, errors, this.shared), ctx);
        const [first, ...rest] = errors;
        if (first) {
          throw new DeckhandError(first.code, `task "${at.name}": ${first.message}`, {
            cause: first.cause,
            context: { ...first.context, task: at.name, field },
            details: [...first.details, ...rest.map((r) => r.message)],
          });
        }
        return { nodes, handlers: ctx.handlers };
      })();
      this.shared.included.set(key, p);
    }
    return p;
  }

  /** includeTasks loads a tasks file for a running include_tasks (shared by every host that names it). */
  includeTasks(file: string, at: ModuleTask): Promise<Included> {
    return this.dynamic(`${at.id}\0${file}`, at, 'include_tasks', (b, ctx) =>
      b.importTasks(file, [...at.path, 'include_tasks'], ctx),
    );
  }

  /** includeRole builds a role for a running include_role. */
  includeRole(name: string, at: ModuleTask, vars?: Readonly<Raw>, tasksFrom?: string): Promise<Included> {
    const key = `${at.id}\0${name}\0${tasksFrom ?? ''}\0${JSON.stringify(vars ?? {})}`;
    return this.dynamic(key, at, 'include_role', (b, ctx) =>
      b.role(
        { role: name, tasks_from: tasksFrom },
        [...at.path, 'include_role'],
        ctx,
        vars ? { ...vars } : undefined,
      ),
    );
  }
}
