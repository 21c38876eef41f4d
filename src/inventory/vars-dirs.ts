/**
 * `group_vars/` and `host_vars/` next to an inventory file, as Ansible reads them:
 * `group_vars/<group>.yml|.yaml` and `host_vars/<host>.yml|.yaml`, each a mapping of variables.
 * They override the variables written in the inventory file itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DeckhandError } from '../errors.js';
import { loadYamlFile } from '../playbook/load.js';
import type { Inventory } from './model.js';

async function varsFile(
  dir: string,
  kind: 'group_vars' | 'host_vars',
  name: string,
): Promise<Record<string, unknown> | undefined> {
  for (const ext of ['.yml', '.yaml']) {
    const path = join(dir, kind, name + ext);
    if (!existsSync(path)) continue;
    const src = await loadYamlFile(path);
    if (src.value === null || src.value === undefined) return {};
    if (typeof src.value !== 'object' || Array.isArray(src.value)) {
      throw new DeckhandError('E_INVENTORY', `${path}:1:1: ${kind} file must be a mapping of variables`, {
        context: { file: path, line: 1, col: 1 },
      });
    }
    return src.value as Record<string, unknown>;
  }
  return undefined;
}

/** loadVarsDirs merges `dir`'s group_vars/ and host_vars/ into the inventory. */
export async function loadVarsDirs(inv: Inventory, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'group_vars')) && !existsSync(join(dir, 'host_vars'))) return;
  for (const g of inv.groups.values()) {
    const vars = await varsFile(dir, 'group_vars', g.name);
    if (vars) Object.assign(g.vars, vars);
  }
  for (const [host, own] of inv.hosts) {
    const vars = await varsFile(dir, 'host_vars', host);
    if (vars) Object.assign(own, vars);
  }
}
