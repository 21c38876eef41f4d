/**
 * A task on one host (DESIGN.md §8.10: the engine owns control flow): loop → when → render →
 * validate → run → register. Errors the engine finds (undefined variable, bad `when`, a loop over
 * a non-list, bad arguments) fail the task on that host with a DeckhandError naming task, host, field.
 */
import { DeckhandError, errorMessage, isDeckhandError, type ErrorContext } from '../errors.js';
import { redact } from '../redact.js';
import type { ModuleTask } from '../playbook/model.js';
import { becomeKeywords } from './become.js';
import { isUnreachable } from './connect.js';
import type { Inherited, TaskEnv, TaskOutcome } from './env.js';
import { failed, hidden, loopResult, skipped, statusOf } from './result.js';
import { runModule } from './run-module.js';
import { render, renderDeep, type Vars } from './template.js';
import type { RegisteredResult } from './types.js';
import { holds, mentions, truth } from './when.js';

/** errorContext is the context every error of this task on this host carries. */
export function errorContext(task: ModuleTask, host: string): ErrorContext {
  return {
    task: task.name,
    role: task.role?.name,
    host,
    file: task.loc.file,
    line: task.loc.line,
    col: task.loc.col,
  };
}

function show(r: RegisteredResult, noLog: boolean): RegisteredResult {
  if (noLog) return hidden(r);
  const out = { ...r };
  if (out.msg !== undefined) out.msg = redact(out.msg);
  if (out.stdout !== undefined) out.stdout = redact(out.stdout);
  if (out.stderr !== undefined) out.stderr = redact(out.stderr);
  if (out.results) out.results = out.results.map((x) => show(x, false));
  return out;
}

function loopItems(task: ModuleTask, vars: Vars, ctx: ErrorContext): unknown[] {
  const items =
    typeof task.loop === 'string'
      ? render(task.loop, vars, { ...ctx, field: 'loop' })
      : renderDeep(task.loop, vars, { ...ctx, field: 'loop' });
  if (!Array.isArray(items)) {
    throw new DeckhandError(
      'E_TASK',
      `task "${task.name}" on host "${ctx.host}": "loop" must be a list, got ${JSON.stringify(items) ?? 'undefined'} at ${ctx.file}:${ctx.line}:${ctx.col}`,
      { context: { ...ctx, field: 'loop' } },
    );
  }
  return items;
}

/** runTask runs one task on one host and registers its result. */
export async function runTask(
  task: ModuleTask,
  inh: Inherited,
  host: string,
  env: TaskEnv,
): Promise<TaskOutcome> {
  const ctx = errorContext(task, host);
  const noLog = inh.noLog || task.noLog === true;
  const layers = [...inh.vars, task.vars];
  const when = [...inh.when, ...task.when];
  const become = becomeKeywords(task, inh);
  let result: RegisteredResult;
  let error: DeckhandError | undefined;
  let facts: Record<string, unknown> | undefined;
  let unreachable = false;
  try {
    const vars = env.vars.scope(host, layers, undefined, inh.defaults);
    if (task.loop === undefined) {
      if (!holds(when, vars, { ...ctx, field: 'when' })) result = skipped('conditional result was false');
      else ({ result, facts } = await runModule(task, host, vars, env, ctx, noLog, become));
    } else if (!mentions(when, task.loopVar) && !holds(when, vars, { ...ctx, field: 'when' })) {
      result = skipped('conditional result was false');
    } else {
      const results: RegisteredResult[] = [];
      const items = loopItems(task, vars, ctx);
      for (const [index, item] of items.entries()) {
        const top: Record<string, unknown> = { [task.loopVar]: item };
        if (task.indexVar) top[task.indexVar] = index;
        const ivars = env.vars.scope(host, layers, top, inh.defaults);
        let r: RegisteredResult;
        if (!holds(when, ivars, { ...ctx, field: 'when' })) r = skipped('conditional result was false');
        else {
          const run = await runModule(task, host, ivars, env, ctx, noLog, become);
          r = run.result;
          if (run.facts) facts = { ...facts, ...run.facts };
        }
        r.item = item;
        results.push(r);
        env.emit({
          type: 'host_result',
          host,
          task: task.name,
          status: statusOf(r),
          result: show(r, noLog),
          item: noLog
            ? '(hidden)'
            : task.label !== undefined
              ? renderLabel(task.label, ivars, ctx, item)
              : item,
          noLog,
        });
      }
      result = loopResult(results);
    }
  } catch (e) {
    unreachable = isUnreachable(e);
    error = env.signal.aborted
      ? new DeckhandError(
          'E_CANCELLED',
          `task "${task.name}" on host "${host}": cancelled (the run was interrupted)`,
          {
            cause: e,
            context: { ...ctx },
          },
        )
      : isDeckhandError(e)
        ? e
        : new DeckhandError(
            'E_MODULE',
            `task "${task.name}" on host "${host}": module "${task.module}" failed: ${errorMessage(e)}`,
            {
              cause: e,
              context: { ...ctx, field: task.module },
            },
          );
    result = failed(error.message);
  }
  if (task.register) env.hosts.get(host)?.setFacts({ [task.register]: result });
  const status = unreachable ? 'unreachable' : statusOf(result);
  const ignored = status === 'failed' && ignoreErrors(task, inh, env, host, layers, ctx);
  return { status, result, shown: show(result, noLog), ignored, error, facts };
}

function ignoreErrors(
  task: ModuleTask,
  inh: Inherited,
  env: TaskEnv,
  host: string,
  layers: Inherited['vars'],
  ctx: ErrorContext,
): boolean {
  const flags = [...inh.ignoreErrors, task.ignoreErrors].filter((f) => f !== undefined);
  if (flags.length === 0) return false;
  try {
    const vars = env.vars.scope(host, layers, undefined, inh.defaults);
    const last = flags[flags.length - 1];
    const v = typeof last === 'string' ? render(last, vars, { ...ctx, field: 'ignore_errors' }) : last;
    return truth(v, last, { ...ctx, field: 'ignore_errors' });
  } catch {
    return false;
  }
}

/** renderLabel renders loop_control.label for display; a broken label shows the item instead. */
function renderLabel(label: string, vars: Vars, ctx: ErrorContext, item: unknown): unknown {
  try {
    return render(label, vars, { ...ctx, field: 'loop_control.label' });
  } catch {
    return item;
  }
}
