/**
 * Tasks the engine runs itself: include_tasks and include_role (the file or role is found when the
 * task runs, per host, per loop item). An include puts what the host includes on its step; the
 * host's walk runs it next. (meta is the scheduler's own.)
 */
import { DeckhandError, isDeckhandError, errorMessage } from '../errors.js';
import type { DynamicLoader, ModuleTask } from '../playbook/model.js';
import type { Step, TaskEnv, TaskOutcome } from './env.js';
import { failed, skipped } from './result.js';
import { errorContext } from './run-task.js';
import { render, renderDeep, renderString } from './template.js';
import type { RegisteredResult } from './types.js';
import { holds, mentions } from './when.js';

type Rec = Record<string, unknown>;

const outcome = (result: RegisteredResult, error?: DeckhandError): TaskOutcome => ({
  status: result.failed ? 'failed' : result.skipped ? 'skipped' : 'ok',
  result,
  shown: result,
  ignored: false,
  error,
});

/** runAction runs an engine action on one host; handlers of included roles go to `addHandlers`. */
export async function runAction(
  step: Step,
  host: string,
  env: TaskEnv,
  loader: DynamicLoader | undefined,
  addHandlers: (h: readonly ModuleTask[]) => void,
): Promise<TaskOutcome> {
  const { task, inh } = step;
  const ctx = errorContext(task, host);
  const when = [...inh.when, ...task.when];
  try {
    const vars = env.vars.scope(host, [...inh.vars, task.vars], undefined, inh.defaults);
    if (!mentions(when, task.loopVar) && !holds(when, vars, { ...ctx, field: 'when' }))
      return outcome(skipped('conditional result was false'));
    let items: unknown[] = [undefined];
    if (task.loop !== undefined) {
      const rendered =
        typeof task.loop === 'string'
          ? render(task.loop, vars, { ...ctx, field: 'loop' })
          : renderDeep(task.loop, vars, { ...ctx, field: 'loop' });
      if (!Array.isArray(rendered))
        throw new DeckhandError('E_TASK', `task "${task.name}" on host "${host}": "loop" must be a list`, {
          context: { ...ctx, field: 'loop' },
        });
      items = rendered;
    }
    const expand: NonNullable<Step['expand']> = [];
    const names: string[] = [];
    for (const item of items) {
      const top: Rec = task.loop === undefined ? {} : { [task.loopVar]: item };
      const ivars = env.vars.scope(host, [...inh.vars, task.vars], top, inh.defaults);
      if (!holds(when, ivars, { ...ctx, field: 'when' })) continue;
      if (!loader)
        throw new DeckhandError('E_TASK', 'includes need a playbook loaded from a file', { context: ctx });
      const field = task.action as string;
      const arg = task.args;
      const target = typeof arg === 'object' && arg !== null ? (arg as Rec).name : arg;
      const name = renderString(String(target), ivars, { ...ctx, field });
      const included =
        task.action === 'include_tasks'
          ? await loader.includeTasks(name, task)
          : await loader.includeRole(
              name,
              task,
              includeRoleVars(arg, ivars, ctx),
              tasksFrom(arg, ivars, ctx),
            );
      addHandlers(included.handlers);
      expand.push({ nodes: included.nodes, vars: { ...task.vars, ...top } });
      names.push(name);
    }
    step.expand = expand;
    if (names.length === 0) return outcome(skipped('conditional result was false'));
    return outcome({ changed: false, failed: false, skipped: false, msg: `included: ${names.join(', ')}` });
  } catch (e) {
    const err = isDeckhandError(e)
      ? e
      : new DeckhandError('E_TASK', `task "${task.name}" on host "${host}": ${errorMessage(e)}`, {
          cause: e,
          context: ctx,
        });
    return outcome(failed(err.message), err);
  }
}

function includeRoleVars(arg: unknown, vars: Rec, ctx: ReturnType<typeof errorContext>): Rec | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const v = (arg as Rec).vars;
  if (v === undefined) return undefined;
  return renderDeep(v, vars as never, { ...ctx, field: 'include_role.vars' }) as Rec;
}

function tasksFrom(arg: unknown, vars: Rec, ctx: ReturnType<typeof errorContext>): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const v = (arg as Rec).tasks_from;
  return v === undefined
    ? undefined
    : renderString(String(v), vars as never, { ...ctx, field: 'include_role.tasks_from' });
}
