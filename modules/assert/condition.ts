/** Evaluation of one assert condition: a template or a bare Handlebars expression that must be true or false. */
import { DeckhandError } from '../../src/errors.js';
import type { ModuleContext } from '../../src/module.js';

/** asBoolean accepts booleans and the strings true/false (any case, trimmed); anything else is undefined. */
export function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return undefined;
}

/**
 * evaluateCondition renders `cond` (wrapped in `{{ }}` when it has none, so `eq a 1` works like
 * Ansible's bare `a == 1`) and requires true or false; anything else is E_WHEN naming the field.
 */
export function evaluateCondition(cond: string | boolean, ctx: ModuleContext, field: string): boolean {
  if (typeof cond === 'boolean') return cond;
  const text = cond.includes('{{') ? cond : `{{${cond}}}`;
  const value = ctx.render(text);
  const b = asBoolean(value);
  if (b === undefined) {
    throw new DeckhandError(
      'E_WHEN',
      `assert condition ${JSON.stringify(cond)} rendered to ${JSON.stringify(value)}, which is neither true nor false`,
      { context: { field, task: ctx.task.name, host: ctx.host, file: ctx.task.file, line: ctx.task.line } },
    );
  }
  return b;
}
