/** The inventory model: hosts with their own variables, groups with vars, hosts and child groups. */

/** A group. `all` always exists; every other top-level group is its child. */
export interface Group {
  readonly name: string;
  vars: Record<string, unknown>;
  readonly hosts: Set<string>;
  readonly children: Set<string>;
  readonly parents: Set<string>;
}

/** All hosts (in inventory order) and groups. */
export interface Inventory {
  readonly hosts: Map<string, Record<string, unknown>>;
  readonly groups: Map<string, Group>;
}

/** newInventory returns an empty inventory with the `all` group. */
export function newInventory(): Inventory {
  const inv: Inventory = { hosts: new Map(), groups: new Map() };
  ensureGroup(inv, 'all');
  return inv;
}

/** ensureGroup returns the named group, creating it (as a child of `all`) when new. */
export function ensureGroup(inv: Inventory, name: string): Group {
  let g = inv.groups.get(name);
  if (!g) {
    g = { name, vars: {}, hosts: new Set(), children: new Set(), parents: new Set() };
    inv.groups.set(name, g);
  }
  return g;
}

/** addHost adds a host (merging variables when it is listed again). */
export function addHost(
  inv: Inventory,
  name: string,
  vars: Record<string, unknown> | null | undefined,
): void {
  const cur = inv.hosts.get(name);
  inv.hosts.set(name, { ...(cur ?? {}), ...(vars ?? {}) });
}

/** link makes `child` a child group of `parent`. */
export function link(inv: Inventory, parent: string, child: string): void {
  ensureGroup(inv, parent).children.add(child);
  ensureGroup(inv, child).parents.add(parent);
}

/** IMPLICIT_LOCALHOST is the variables of `localhost` when the inventory does not list it. */
export const IMPLICIT_LOCALHOST: Readonly<Record<string, unknown>> = { ansible_connection: 'local' };
