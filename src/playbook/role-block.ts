/**
 * A role in a play: its meta dependencies' blocks first, then a block of its tasks carrying the role's
 * vars, params and defaults (lowest precedence); its handlers join the play's. A role runs once per
 * play unless its params (or `tasks_from`) differ; a dependency cycle is reported with the chain of roles.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DeckhandError } from '../errors.js';
import type { YamlPath } from './load.js';
import { asList, type BlockTask, type ModuleTask, type RoleInfo, type TaskNode } from './model.js';
import { locOf, positioned } from './positions.js';
import { findRole } from './roles.js';
import type { BuildCtx, TreeBuilder } from './tree.js';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** role builds a role reference: its dependencies' blocks, then its own (once per play). */
export async function roleNodes(
  b: TreeBuilder,
  ref: unknown,
  at: YamlPath,
  ctx: BuildCtx,
  vars?: Raw,
  once = true,
): Promise<TaskNode[]> {
  const r: Raw = isObject(ref) ? ref : { role: ref };
  const name = String(r.role ?? r.name);
  let dir: string;
  try {
    dir = findRole(name, b.opts.playbookDir, b.opts.rolesPath);
  } catch (e) {
    b.errors.push(positioned(ctx.src, at, e as DeckhandError, ctx.role?.name));
    return [];
  }
  const link = `role ${name} (${dir})`;
  if (ctx.chain.includes(link)) {
    const chain = [...ctx.chain.slice(ctx.chain.indexOf(link)), link].join(' → ');
    const e = new DeckhandError('E_CYCLE', `roles depend on each other: ${chain}`, {
      context: { field: 'dependencies' },
    });
    b.errors.push(positioned(ctx.src, at, e, name));
    return [];
  }
  const params = { ...(r.vars as Raw | undefined), ...vars };
  const from = typeof r.tasks_from === 'string' ? r.tasks_from : undefined;
  const key = `${dir}\0${from ?? 'main'}\0${JSON.stringify(params)}`;
  // `roles:` and dependencies run a role once per play; import_role/include_role run it every time.
  if (once && ctx.seen.has(key)) return [];
  ctx.seen.add(key);
  const f = await b.roleFiles(name, dir);
  const role: RoleInfo = { name, dir };
  const inner = { ...ctx, role, chain: [...ctx.chain, link] };
  const deps: TaskNode[] = [];
  for (const [i, d] of f.deps.entries()) {
    if (f.meta) deps.push(...(await b.role(d, ['dependencies', i], { ...inner, src: f.meta })));
  }
  const id = ctx.newId();
  let tasks: TaskNode[];
  if (from !== undefined) {
    // tasks_from: another file of the role's tasks/ (the extension may be left out).
    const file = ['', '.yaml', '.yml'].map((x) => join(dir, 'tasks', from + x)).find((p) => existsSync(p));
    tasks = await b.importTasks(file ?? join(dir, 'tasks', from), [...at, 'tasks_from'], {
      ...inner,
      src: ctx.src,
    });
  } else tasks = f.tasks ? await b.tasks(f.tasks.value, [], { ...inner, src: f.tasks }) : [];
  const roleVars = { ...f.defaults, ...f.vars, ...params, role_name: name, role_path: dir };
  // A role used twice (other params) still has one set of handlers: a notify runs each once.
  if (f.handlers && !ctx.seen.has(`handlers\0${dir}`)) {
    ctx.seen.add(`handlers\0${dir}`);
    const own: ModuleTask[] = [];
    await b.handlers(f.handlers.value, [], { ...inner, src: f.handlers, handlers: own });
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
    become: r.become,
    becomeUser: r.become_user as string | undefined,
    role,
    block: tasks,
    rescue: [],
    always: [],
  };
  return [...deps, block];
}
