/** set_fact: sets host variables for the rest of the run (schema/modules/set_fact.schema.json). */
import type { Module } from '../../src/module.js';
import { loadModuleSchema } from '../_shared/load-schema.js';

/** setFactModule returns its (already rendered) arguments as facts; `cacheable` is accepted and dropped. */
export const setFactModule: Module<Record<string, unknown>> = {
  name: 'set_fact',
  schema: loadModuleSchema('set_fact'),
  checkMode: true,
  async run(args) {
    const facts: Record<string, unknown> = { ...args };
    delete facts.cacheable;
    return { changed: false, facts, data: facts };
  },
};
