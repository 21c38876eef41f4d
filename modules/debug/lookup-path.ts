/** Variable lookup by a dotted path, for debug's `var` (Ansible writes `a.b[0].c` or `a['b']`). */

/** splitPath turns `a.b[0]['c']` into ['a', 'b', '0', 'c']. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[['"]([^'"]*)['"]\]/g;
  for (const m of path.matchAll(re)) parts.push(m[1] ?? m[2] ?? m[3] ?? '');
  return parts;
}

/** lookupPath returns `{value}` when every step of `path` exists in `vars`, otherwise undefined. */
export function lookupPath(
  vars: Readonly<Record<string, unknown>>,
  path: string,
): { value: unknown } | undefined {
  let cur: unknown = vars;
  for (const key of splitPath(path)) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) {
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur === undefined ? undefined : { value: cur };
}
