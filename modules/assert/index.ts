/** assert: checks that conditions hold (schema/modules/assert.schema.json). */
import type { Module } from '../../src/module.js';
import { loadModuleSchema } from '../_shared/load-schema.js';
import { evaluateCondition } from './condition.js';

/** AssertArgs: the conditions and the messages for either outcome. */
export interface AssertArgs {
  that: string | boolean | (string | boolean)[];
  fail_msg?: string;
  msg?: string;
  success_msg?: string;
  quiet?: boolean;
}

/**
 * assertModule evaluates each condition in order and fails on the first false one, naming it in
 * `data.assertion`. It renders `that` itself (lateRender) so it can tell which condition failed.
 */
export const assertModule: Module<AssertArgs> = {
  name: 'assert',
  schema: loadModuleSchema('assert'),
  checkMode: true,
  lateRender: ['that', 'that.*'],
  async run(args, ctx) {
    const conditions = Array.isArray(args.that) ? args.that : [args.that];
    for (const [i, cond] of conditions.entries()) {
      const field = Array.isArray(args.that) ? `that[${i}]` : 'that';
      if (!evaluateCondition(cond, ctx, field)) {
        const custom = args.fail_msg ?? args.msg;
        return {
          changed: false,
          failed: true,
          msg: custom ?? `Assertion failed: ${String(cond)}`,
          data: { assertion: cond, evaluated_to: false },
        };
      }
    }
    return {
      changed: false,
      ...(args.quiet ? {} : { msg: args.success_msg ?? 'All assertions passed' }),
      data: { evaluated_to: true },
    };
  },
};
