/**
 * Group membership and a host's inventory variables: `all` vars → group vars (parent groups before
 * children, then by name) → host vars, as Ansible merges them.
 */
import { IMPLICIT_LOCALHOST, type Inventory } from './model.js';

/** groupDepths gives each group's distance from `all` (the longest path, so children come after parents). */
export function groupDepths(inv: Inventory): Map<string, number> {
  const depth = new Map<string, number>();
  const visit = (name: string, d: number, seen: Set<string>): void => {
    if (seen.has(name) || (depth.get(name) ?? -1) >= d) return;
    depth.set(name, d);
    seen.add(name);
    for (const c of inv.groups.get(name)?.children ?? []) visit(c, d + 1, seen);
    seen.delete(name);
  };
  visit('all', 0, new Set());
  return depth;
}

/** groupMembers lists the hosts of a group and of its descendants. */
export function groupMembers(inv: Inventory, group: string): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const g = inv.groups.get(name);
    if (!g) return;
    for (const h of g.hosts) out.add(h);
    for (const c of g.children) walk(c);
  };
  walk(group);
  return out;
}

/** hostGroups maps every host to its groups (direct and inherited), parents first. */
export function hostGroups(inv: Inventory): Map<string, string[]> {
  const depths = groupDepths(inv);
  const out = new Map<string, string[]>();
  const ordered = [...inv.groups.keys()].sort(
    (a, b) => (depths.get(a) ?? 0) - (depths.get(b) ?? 0) || (a === b ? 0 : a < b ? -1 : 1),
  );
  for (const g of ordered) {
    for (const h of groupMembers(inv, g)) {
      const list = out.get(h);
      if (list) list.push(g);
      else out.set(h, [g]);
    }
  }
  return out;
}

/** isImplicitLocalhost tells whether `host` is the implicit localhost (not listed in the inventory). */
export function isImplicitLocalhost(inv: Inventory, host: string): boolean {
  return host === 'localhost' && !inv.hosts.has('localhost');
}

/** inventoryVars merges every host's inventory variables once (cost linear in hosts × groups). */
export function inventoryVars(inv: Inventory, hosts: Iterable<string>): Map<string, Record<string, unknown>> {
  const groups = hostGroups(inv);
  const out = new Map<string, Record<string, unknown>>();
  for (const h of hosts) {
    const merged: Record<string, unknown> = {};
    if (isImplicitLocalhost(inv, h)) {
      Object.assign(merged, inv.groups.get('all')?.vars, IMPLICIT_LOCALHOST);
    } else {
      for (const g of groups.get(h) ?? ['all']) Object.assign(merged, inv.groups.get(g)?.vars);
      Object.assign(merged, inv.hosts.get(h));
    }
    out.set(h, merged);
  }
  return out;
}

/** groupsVar builds the `groups` magic variable: group name → host names (inventory order). */
export function groupsVar(inv: Inventory): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const order = [...inv.hosts.keys()];
  for (const g of inv.groups.keys()) {
    const members = groupMembers(inv, g);
    out[g] = order.filter((h) => members.has(h));
  }
  out.ungrouped = order.filter((h) => groupsOf(inv, h).length === 0);
  return out;
}

function groupsOf(inv: Inventory, host: string): string[] {
  return [...inv.groups.values()].filter((g) => g.name !== 'all' && g.hosts.has(host)).map((g) => g.name);
}
