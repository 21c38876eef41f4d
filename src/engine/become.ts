/**
 * The `become`/`become_user` keywords (as in Ansible): a task's value overrides its blocks', a
 * block's overrides the play's, `become: false` turns escalation off, and values may be templates.
 */
import type { ErrorContext } from '../errors.js';
import type { ModuleTask } from '../playbook/model.js';
import type { Inherited } from './env.js';
import { render, renderString, type Vars } from './template.js';
import { truth } from './when.js';

/** BecomeKeywords are the unrendered keywords in force for one task. */
export interface BecomeKeywords {
  readonly become?: unknown;
  readonly user?: string;
}

/** Become is what the engine asks the connector for: absent fields leave the host's own setting. */
export interface Become {
  readonly become?: boolean;
  readonly user?: string;
}

// Ansible reads a quoted "yes" (or a variable holding it) as a boolean here; so do we.
const WORDS = new Map([
  ['yes', true],
  ['on', true],
  ['no', false],
  ['off', false],
]);

/** becomeKeywords picks the nearest `become`/`become_user` for a task (task, else block, else play). */
export function becomeKeywords(task: ModuleTask, inh: Inherited): BecomeKeywords | undefined {
  const become = task.become ?? inh.become;
  const user = task.becomeUser ?? inh.becomeUser;
  return become === undefined && user === undefined ? undefined : { become, user };
}

/**
 * resolveBecome renders the keywords for one run (templates see the loop item too); a `become`
 * that is not true or false is an E_WHEN error naming the field, task and host.
 */
export function resolveBecome(
  kw: BecomeKeywords | undefined,
  vars: Vars,
  ctx: ErrorContext,
): Become | undefined {
  if (!kw) return undefined;
  let become: boolean | undefined;
  if (kw.become !== undefined) {
    const c = { ...ctx, field: 'become' };
    const v = typeof kw.become === 'string' ? render(kw.become, vars, c) : kw.become;
    become = truth(typeof v === 'string' ? (WORDS.get(v.trim().toLowerCase()) ?? v) : v, kw.become, c);
  }
  const user =
    kw.user === undefined ? undefined : renderString(kw.user, vars, { ...ctx, field: 'become_user' });
  return { become, user: user === '' ? undefined : user };
}
