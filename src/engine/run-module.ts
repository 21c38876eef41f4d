/**
 * One module run on one host (one loop item): render → validate → run, retried under `until`, then
 * `changed_when`/`failed_when`. Facts are applied to the host as soon as the run succeeds.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DeckhandError, type ErrorContext } from '../errors.js';
import type { Module } from '../module.js';
import { validatorFor } from '../playbook/ajv.js';
import { schemaErrors } from '../playbook/schema-errors.js';
import type { ModuleTask } from '../playbook/model.js';
import { resolveBecome, type BecomeKeywords } from './become.js';
import type { TaskEnv } from './env.js';
import { moduleContext, withExtra } from './module-context.js';
import { fromModule, skipped } from './result.js';
import { render, renderDeep, type Vars } from './template.js';
import type { RegisteredResult } from './types.js';
import { holds } from './when.js';

/** What one module run produced. */
export interface ModuleRun {
  result: RegisteredResult;
  facts?: Record<string, unknown>;
}

function number(
  task: ModuleTask,
  value: unknown,
  fallback: number,
  vars: Vars,
  ctx: ErrorContext,
  field: string,
): number {
  if (value === undefined) return fallback;
  const v = typeof value === 'string' ? render(value, vars, { ...ctx, field }) : value;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new DeckhandError(
      'E_TASK',
      `task "${task.name}": "${field}" must be a non-negative number, got ${JSON.stringify(v)}`,
      {
        context: { ...ctx, field },
      },
    );
  }
  return n;
}

/** renderArgs renders a task's arguments and checks them against the module's schema (defaults applied). */
export function renderArgs(
  task: ModuleTask,
  mod: Module,
  vars: Vars,
  ctx: ErrorContext,
): Record<string, unknown> {
  const rendered = structuredClone(
    renderDeep(task.args, vars, { ...ctx, field: task.module }, mod.lateRender ?? []),
  );
  const validate = validatorFor(mod.schema, 'runtime');
  if (!validate(rendered)) {
    const errs = schemaErrors(validate.errors ?? [], {
      src: task.src,
      base: [...task.path, task.moduleKey],
      context: { task: ctx.task, host: ctx.host },
      label: (p) => `task "${task.name}" on host "${ctx.host}": ${[task.module, ...p].join('.')}`,
    });
    const [first, ...rest] = errs;
    if (first) {
      const path = first.context.path ?? '';
      first.context.field =
        task.module + path.slice(path.lastIndexOf(task.moduleKey) + task.moduleKey.length);
      throw new DeckhandError(first.code, first.message, {
        context: first.context,
        details: rest.map((e) => e.message),
      });
    }
  }
  return rendered as Record<string, unknown>;
}

/** runModule runs the task's module once for the given variables (with `until` retries). */
export async function runModule(
  task: ModuleTask,
  host: string,
  vars: Vars,
  env: TaskEnv,
  ctx: ErrorContext,
  noLog: boolean,
  become?: BecomeKeywords,
): Promise<ModuleRun> {
  const mod = env.modules.get(task.module) as Module;
  const check = task.checkMode ?? env.check;
  if (check && !mod.checkMode)
    return { result: skipped(`skipped in check mode: module "${task.module}" does not support it`) };
  const args = renderArgs(task, mod, vars, ctx);
  const esc = resolveBecome(become, vars, ctx);
  const mctx = { ...moduleContext(task, host, vars, env, ctx, noLog, esc), check };
  const retries = task.until ? Math.max(1, number(task, task.retries, 3, vars, ctx, 'retries')) : 1;
  const delay = task.until ? number(task, task.delay, 5, vars, ctx, 'delay') : 0;
  let result: RegisteredResult = skipped('not run');
  let facts: Record<string, unknown> | undefined;
  for (let attempt = 1; attempt <= retries; attempt++) {
    const mr = await mod.run(args, mctx);
    result = fromModule(mr);
    facts = mr.facts;
    // The conditions see the result under its register name (built only when there are conditions).
    const seen = (): Vars => withExtra(vars, task.register ? { [task.register]: result } : undefined);
    if (task.changedWhen) result.changed = holds(task.changedWhen, seen(), { ...ctx, field: 'changed_when' });
    if (task.failedWhen) result.failed = holds(task.failedWhen, seen(), { ...ctx, field: 'failed_when' });
    if (!task.until) break;
    result.attempts = attempt;
    const done = holds(task.until, seen(), {
      ...ctx,
      field: 'until',
    });
    if (done) break;
    if (attempt === retries) {
      result.failed = true;
      result.msg = `"until" still false after ${retries} attempts${result.msg ? `: ${result.msg}` : ''}`;
      break;
    }
    if (delay > 0) await sleep(delay * 1000, undefined, { signal: env.signal });
  }
  if (facts && !result.failed) env.hosts.get(host)?.setFacts(facts);
  return { result, facts: result.failed ? undefined : facts };
}
