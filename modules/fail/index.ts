/** fail: fails the task with a message (schema/modules/fail.schema.json). */
import type { Module } from '../../src/module.js';
import { loadModuleSchema } from '../_shared/load-schema.js';

/** failModule always fails; `msg` defaults to Ansible's wording. */
export const failModule: Module<{ msg?: string }> = {
  name: 'fail',
  schema: loadModuleSchema('fail'),
  checkMode: true,
  freeForm: 'msg',
  async run(args) {
    return { changed: false, failed: true, msg: args.msg ?? 'Failed as requested from task' };
  },
};
