/**
 * setup: gathers facts (schema/modules/setup.schema.json). The engine runs it first when a play has
 * `gather_facts: true`; the facts land in the `facts` variable (`facts.arch`, `facts.os`, …).
 */
import type { Module } from '../../src/module.js';
import { loadModuleSchema } from '../_shared/load-schema.js';
import { gatherFacts } from './gather.js';

/** SetupArgs: no arguments (the schema allows none). */
export type SetupArgs = Record<string, never>;

/** setupModule reads facts over the host's connector; never changed, safe in check mode. */
export const setupModule: Module<SetupArgs> = {
  name: 'setup',
  schema: loadModuleSchema('setup'),
  checkMode: true,
  async run(_args, ctx) {
    const facts = await gatherFacts(ctx.connector, ctx.signal);
    return {
      changed: false,
      msg: `${facts.platform}, ${facts.cpus} cpus, ${facts.memory_mb} MiB`,
      data: facts,
      facts: { facts },
    };
  },
};
