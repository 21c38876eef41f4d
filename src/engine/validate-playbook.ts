/**
 * validatePlaybook: every problem in a playbook and its inventories, without running anything.
 */
import type { DeckhandError } from '../errors.js';
import type { Module } from '../module.js';
import { prepare } from './prepare.js';

/** validatePlaybook returns every problem found (empty when the playbook is valid). */
export async function validatePlaybook(opts: {
  playbookPath: string;
  inventoryPaths: string[];
  rolesPath?: string[];
  modules: ReadonlyMap<string, Module>;
}): Promise<DeckhandError[]> {
  const errors: DeckhandError[] = [];
  await prepare(opts, errors);
  return errors;
}
