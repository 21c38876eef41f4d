/**
 * buildPlaybook: the model of a validated playbook and everything it pulls in when it loads
 * (import_playbook, roles and their dependencies, import_tasks, import_role). Order in a play:
 * gather facts → pre_tasks → roles → tasks → post_tasks; handlers: the roles', then the play's.
 */
import { dirname, resolve } from 'node:path';
import { DeckhandError, isDeckhandError } from '../errors.js';
import type { Module } from '../module.js';
import { loadYamlFile, type SourceFile, type YamlPath } from './load.js';
import { asList, type ModuleTask, type Play, type Playbook, type TaskNode } from './model.js';
import { notifyProblems } from './notify-check.js';
import { locOf } from './positions.js';
import { TreeBuilder, type BuildCtx } from './tree.js';
import { validatePlaybookSource } from './validate.js';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What building a playbook needs. */
export interface BuildOptions {
  readonly modules: ReadonlyMap<string, Module>;
  /** More directories to look for roles in (after `roles/` beside the playbook). */
  readonly rolesPath?: readonly string[];
}

/** What an import_playbook adds to the plays it brings in. */
interface Imported {
  readonly when: readonly unknown[];
  readonly vars: Raw;
  readonly tags: readonly string[];
}

/** buildPlaybook builds the model from a validated playbook file; problems go to `errors`. */
export async function buildPlaybook(
  src: SourceFile,
  opts: BuildOptions,
  errors: DeckhandError[],
): Promise<Playbook> {
  const b = new TreeBuilder(
    { modules: opts.modules, rolesPath: opts.rolesPath ?? [], playbookDir: dirname(resolve(src.file)) },
    errors,
  );
  const plays = await buildPlays(b, src, [resolve(src.file)], { when: [], vars: {}, tags: [] });
  return { file: src.file, dir: dirname(src.file), plays, loader: b };
}

async function buildPlays(b: TreeBuilder, src: SourceFile, chain: string[], imp: Imported): Promise<Play[]> {
  const out: Play[] = [];
  for (const [i, raw] of (Array.isArray(src.value) ? (src.value as unknown[]) : []).entries()) {
    if (!isObject(raw)) continue;
    if (typeof raw.import_playbook === 'string') {
      const inner = await importPlaybook(b, src, i, raw, chain);
      if (inner) {
        const next: Imported = {
          when: [...imp.when, ...asList(raw.when)],
          vars: { ...imp.vars, ...(raw.vars as Raw | undefined) },
          tags: [...imp.tags, ...asList(raw.tags).map(String)],
        };
        out.push(...(await buildPlays(b, inner, [...chain, resolve(inner.file)], next)));
      }
      continue;
    }
    const play = await buildPlay(b, src, i, raw, imp);
    b.errors.push(...notifyProblems(play));
    out.push(play);
  }
  return out;
}

async function importPlaybook(
  b: TreeBuilder,
  src: SourceFile,
  i: number,
  raw: Raw,
  chain: string[],
): Promise<SourceFile | undefined> {
  const path = resolve(dirname(src.file), raw.import_playbook as string);
  const loc = locOf(src, [i, 'import_playbook']);
  const at = `${loc.file}:${loc.line}:${loc.col}`;
  const context = { file: loc.file, line: loc.line, col: loc.col, field: 'import_playbook' };
  if (chain.includes(path)) {
    const cycle = [...chain.slice(chain.indexOf(path)), path].join(' → ');
    b.errors.push(new DeckhandError('E_CYCLE', `${at}: playbooks import each other: ${cycle}`, { context }));
    return undefined;
  }
  try {
    const inner = await loadYamlFile(path);
    const problems = validatePlaybookSource(inner, b.opts.modules);
    b.errors.push(...problems);
    return problems.length > 0 ? undefined : inner;
  } catch (e) {
    if (!isDeckhandError(e)) throw e;
    const msg = e.code === 'E_FILE' ? `${at}: ${e.message}` : e.message;
    b.errors.push(new DeckhandError(e.code, msg, { cause: e.cause, details: e.details, context: e.context }));
    return undefined;
  }
}

/** gatherFacts is Ansible's implicit "Gathering Facts" task (tagged always, so --tags keeps facts). */
function gatherFacts(b: TreeBuilder, src: SourceFile, raw: Raw, i: number): TaskNode[] {
  if (raw.gather_facts !== true || !b.opts.modules.has('setup')) return [];
  const path: YamlPath = [i, 'gather_facts'];
  return [
    {
      id: b.id(),
      loc: locOf(src, path),
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
}

async function buildPlay(b: TreeBuilder, src: SourceFile, i: number, raw: Raw, imp: Imported): Promise<Play> {
  const hosts = Array.isArray(raw.hosts) ? (raw.hosts as string[]).join(':') : String(raw.hosts);
  const handlers: ModuleTask[] = [];
  const ctx: BuildCtx = { src, chain: [resolve(src.file)], handlers, seen: new Set(), newId: () => b.id() };
  let tasks: TaskNode[] = [...gatherFacts(b, src, raw, i)];
  tasks.push(...(await b.tasks(raw.pre_tasks, [i, 'pre_tasks'], ctx)));
  for (const [j, ref] of (Array.isArray(raw.roles) ? raw.roles : []).entries()) {
    if (typeof ref === 'string' || (isObject(ref) && typeof ref.role === 'string'))
      tasks.push(...(await b.role(ref, [i, 'roles', j], ctx)));
  }
  tasks.push(...(await b.tasks(raw.tasks, [i, 'tasks'], ctx)));
  tasks.push(...(await b.tasks(raw.post_tasks, [i, 'post_tasks'], ctx)));
  const own: ModuleTask[] = [];
  await b.handlers(raw.handlers, [i, 'handlers'], { ...ctx, handlers: own });
  if (imp.when.length > 0) {
    // An imported playbook's `when` applies to every task of its plays, as in Ansible.
    const loc = locOf(src, [i]);
    const wrap = { id: b.id(), loc, src, path: [i], tags: [], rescue: [], always: [] };
    tasks = [{ ...wrap, kind: 'block', name: 'import_playbook', when: imp.when, block: tasks }];
  }
  const serial = raw.serial === undefined ? undefined : (asList(raw.serial) as Array<number | string>);
  return {
    name: (raw.name as string | undefined) ?? hosts,
    hosts,
    hostsLoc: locOf(src, [i, 'hosts']),
    vars: { ...imp.vars, ...(isObject(raw.vars) ? raw.vars : {}) },
    varsFiles: (Array.isArray(raw.vars_files) ? raw.vars_files : []).map((p, j) => ({
      path: String(p),
      loc: locOf(src, [i, 'vars_files', j]),
    })),
    serial,
    tags: [...imp.tags, ...asList(raw.tags).map(String)],
    anyErrorsFatal: raw.any_errors_fatal === true,
    maxFailPercentage: typeof raw.max_fail_percentage === 'number' ? raw.max_fail_percentage : undefined,
    become: raw.become,
    becomeUser: raw.become_user as string | undefined,
    handlers: [...handlers, ...own],
    tasks,
    loc: locOf(src, [i]),
    src,
    path: [i],
  };
}
