/** debug: prints a message or a variable (schema/modules/debug.schema.json). */
import type { Module } from '../../src/module.js';
import { loadModuleSchema } from '../_shared/load-schema.js';
import { lookupPath } from './lookup-path.js';

/** DebugArgs: `msg` (any value) or `var` (a variable name with dots and [n]). */
export interface DebugArgs {
  msg?: unknown;
  var?: string;
  verbosity?: number;
}

/** NOT_DEFINED is what Ansible prints for an undefined `var`, kept so output reads the same. */
export const NOT_DEFINED = 'VARIABLE IS NOT DEFINED!';

/** show prints strings as they are and everything else as JSON. */
function show(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
}

/** debugModule never changes anything; `msg` holds the printed text, `data` the raw value. */
export const debugModule: Module<DebugArgs> = {
  name: 'debug',
  schema: loadModuleSchema('debug'),
  checkMode: true,
  freeForm: 'msg',
  async run(args, ctx) {
    if (args.var !== undefined) {
      const name = args.var.trim();
      const found = name.includes('{{') ? { value: ctx.render(name) } : lookupPath(ctx.vars, name);
      const value = found ? found.value : NOT_DEFINED;
      return { changed: false, msg: `${name}: ${show(value)}`, data: { [name]: value } };
    }
    const msg = args.msg === undefined ? 'Hello world!' : args.msg;
    return { changed: false, msg: show(msg), data: { msg } };
  },
};
