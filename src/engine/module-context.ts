/** The ModuleContext a module receives (src/module.ts): host variables, connector, render, emit. */
import type { ErrorContext } from '../errors.js';
import type { ModuleContext, ModuleEvent } from '../module.js';
import type { ModuleTask } from '../playbook/model.js';
import type { Become } from './become.js';
import { withBecome } from './become-connector.js';
import type { TaskEnv } from './env.js';
import { LAZY, render, renderString, type Vars } from './template.js';

/** withExtra returns `vars` plus `extra` (extra wins, and is never rendered lazily). */
export function withExtra(vars: Vars, extra: Readonly<Record<string, unknown>> | undefined): Vars {
  if (!extra) return vars;
  const out = Object.assign(Object.create(null) as Record<string, unknown>, vars, extra);
  const lazy = new Set(vars[LAZY]);
  for (const k of Object.keys(extra)) lazy.delete(k);
  Object.defineProperty(out, LAZY, { value: lazy });
  return out as Vars;
}

/** moduleContext builds the context for one module run on `host`. */
export function moduleContext(
  task: ModuleTask,
  host: string,
  vars: Vars,
  env: TaskEnv,
  errCtx: ErrorContext,
  noLog: boolean,
  become?: Become,
): ModuleContext {
  const target =
    task.delegateTo === undefined
      ? host
      : renderString(task.delegateTo, vars, { ...errCtx, field: 'delegate_to' });
  return {
    host,
    vars,
    connector: withBecome(env.connector(target), become),
    check: env.check,
    // A role's tasks find relative `src` files in the role (files/, templates/).
    playbookDir: task.role?.dir ?? env.playbookDir,
    signal: env.signal,
    task: { name: task.name, file: task.loc.file, line: task.loc.line },
    render: (template: string, extra?: Record<string, unknown>) =>
      render(template, withExtra(vars, extra), errCtx),
    renderString: (template: string, extra?: Record<string, unknown>) =>
      renderString(template, withExtra(vars, extra), errCtx),
    emit: (event: ModuleEvent) => {
      // A no_log task's progress could carry its secrets: drop it.
      if (!noLog) env.emit({ type: 'module_event', host, task: task.name, event });
    },
  };
}
