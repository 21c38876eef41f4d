/**
 * Conditions (`when`, `failed_when`, `changed_when`, `until`, `assert`'s `that`): each must be true
 * or false, or a template that renders to exactly true or false; a list means all must hold.
 */
import { DeckhandError, type ErrorContext } from '../errors.js';
import { render, type Vars } from './template.js';

/** truth turns one rendered condition into a boolean, or throws E_WHEN. */
export function truth(value: unknown, source: unknown, ctx: ErrorContext): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  const field = ctx.field ?? 'when';
  const hint =
    typeof source === 'string' && !source.includes('{{') ? ` (write a template, e.g. "{{ ${source} }}")` : '';
  const where = [ctx.task && `task "${ctx.task}"`, ctx.host && `host "${ctx.host}"`]
    .filter(Boolean)
    .join(', ');
  throw new DeckhandError(
    'E_WHEN',
    `"${field}" must render to true or false, got ${JSON.stringify(value) ?? 'undefined'}${hint}${where ? ` (${where})` : ''}`,
    { context: { ...ctx, field } },
  );
}

/** holds evaluates a list of conditions (all must hold; an empty list holds). */
export function holds(conditions: readonly unknown[], vars: Vars, ctx: ErrorContext): boolean {
  for (const c of conditions) {
    const value = typeof c === 'string' ? render(c, vars, ctx) : c;
    if (!truth(value, c, ctx)) return false;
  }
  return true;
}

/** mentions tells whether any condition refers to a name (to decide if `when` depends on the loop item). */
export function mentions(conditions: readonly unknown[], name: string): boolean {
  const re = new RegExp(`\\b${name}\\b`);
  return conditions.some((c) => typeof c === 'string' && re.test(c));
}
