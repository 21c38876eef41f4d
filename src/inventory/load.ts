/**
 * Inventory files: Ansible's YAML shape and KubeKey's (`spec.hosts`, `spec.groups`), validated
 * against schema/inventory.schema.json with positions. Several files merge in order.
 */
import { dirname } from 'node:path';
import { DeckhandError } from '../errors.js';
import { loadSchema, validatorFor } from '../playbook/ajv.js';
import { loadYamlFile, positionOf, type SourceFile } from '../playbook/load.js';
import { schemaErrors } from '../playbook/schema-errors.js';
import { expandHostRange } from './ranges.js';
import { loadVarsDirs } from './vars-dirs.js';
import { addHost, ensureGroup, link, newInventory, type Inventory } from './model.js';

type Raw = Record<string, unknown>;

/** loadInventory reads inventory files (none: only the implicit localhost). Throws DeckhandError on bad input. */
export async function loadInventory(paths: readonly string[]): Promise<Inventory> {
  const inv = newInventory();
  const problems: DeckhandError[] = [];
  for (const p of paths) {
    const src = await loadYamlFile(p);
    const errs = checkInventorySource(src);
    if (errs.length > 0) {
      problems.push(...errs);
      continue;
    }
    try {
      addSource(inv, src);
    } catch (e) {
      if (!(e instanceof DeckhandError) || e.context.file) throw e;
      throw new DeckhandError(e.code, `${p}: ${e.message}`, { context: { ...e.context, file: p } });
    }
  }
  if (problems.length > 0) {
    const [first, ...rest] = problems as [DeckhandError, ...DeckhandError[]];
    throw new DeckhandError(first.code, first.message, {
      context: first.context,
      details: rest.map((e) => e.message),
    });
  }
  finish(inv);
  for (const dir of new Set(paths.map((p) => dirname(p)))) await loadVarsDirs(inv, dir);
  return inv;
}

/** checkInventorySource returns every schema problem in a parsed inventory file. */
export function checkInventorySource(src: SourceFile): DeckhandError[] {
  if (src.value === null || src.value === undefined) return [];
  const validate = validatorFor(loadSchema('inventory.schema.json'), 'static');
  if (validate(src.value)) return [];
  return schemaErrors(validate.errors ?? [], { src, base: [], rootLabel: 'inventory' }).map((e) => {
    const err = new DeckhandError('E_INVENTORY', e.message, { context: e.context });
    return err;
  });
}

function addSource(inv: Inventory, src: SourceFile): void {
  const value = (src.value ?? {}) as Raw;
  if ('spec' in value) addKubeKey(inv, value.spec as Raw, src);
  else for (const [name, body] of Object.entries(value)) addGroup(inv, name, body as Raw | null);
}

function addGroup(inv: Inventory, name: string, body: Raw | null, ancestors: readonly string[] = []): void {
  const g = ensureGroup(inv, name);
  if (!body) return;
  Object.assign(g.vars, (body.vars as Raw | null) ?? {});
  for (const [pattern, vars] of Object.entries((body.hosts as Raw | null) ?? {})) {
    for (const host of expandHostRange(pattern)) {
      addHost(inv, host, vars as Raw | null);
      g.hosts.add(host);
    }
  }
  const path = [...ancestors, name];
  for (const [child, childBody] of Object.entries((body.children as Raw | null) ?? {})) {
    // A group inside itself would make membership and variable precedence undefined (Ansible refuses it).
    if (path.includes(child)) {
      throw new DeckhandError(
        'E_INVENTORY',
        `group "${child}" is its own ancestor: ${[...path, child].join(' → ')}`,
        {
          context: { field: `${path.join('.children.')}.children.${child}` },
        },
      );
    }
    link(inv, name, child);
    addGroup(inv, child, childBody as Raw | null, path);
  }
}

function addKubeKey(inv: Inventory, spec: Raw, src: SourceFile): void {
  Object.assign(ensureGroup(inv, 'all').vars, (spec.vars as Raw | null) ?? {});
  for (const [host, raw] of Object.entries((spec.hosts as Raw | null) ?? {})) {
    const vars = { ...((raw as Raw | null) ?? {}) };
    const connector = vars.connector as Raw | undefined;
    if (connector && typeof connector.type === 'string' && vars.ansible_connection === undefined) {
      vars.ansible_connection = connector.type;
    }
    addHost(inv, host, vars);
    ensureGroup(inv, 'all').hosts.add(host);
  }
  for (const [name, raw] of Object.entries((spec.groups as Raw | null) ?? {})) {
    const body = (raw as Raw | null) ?? {};
    const g = ensureGroup(inv, name);
    Object.assign(g.vars, (body.vars as Raw | null) ?? {});
    for (const [i, host] of ((body.hosts as string[] | undefined) ?? []).entries()) {
      if (!inv.hosts.has(host)) {
        const pos = positionOf(src, ['spec', 'groups', name, 'hosts', i]);
        throw new DeckhandError(
          'E_INVENTORY',
          `${pos.file}:${pos.line}:${pos.col}: group "${name}" lists unknown host "${host}"`,
          {
            context: { file: pos.file, line: pos.line, col: pos.col, field: `spec.groups.${name}.hosts` },
          },
        );
      }
      g.hosts.add(host);
    }
    for (const child of (body.groups as string[] | undefined) ?? []) link(inv, name, child);
  }
}

/** finish makes every parentless group a child of `all` and every host a member of `all`. */
function finish(inv: Inventory): void {
  for (const g of inv.groups.values()) {
    if (g.name !== 'all' && g.parents.size === 0) link(inv, 'all', g.name);
  }
  const all = ensureGroup(inv, 'all');
  for (const h of inv.hosts.keys()) all.hosts.add(h);
}
