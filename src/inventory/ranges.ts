/**
 * Ansible host ranges in inventory names: `web[01:03]` is web01, web02, web03; `db-[a:c]` is
 * db-a, db-b, db-c; `[1:10:2]` steps by 2. Several ranges in one name multiply out.
 */
import { DeckhandError } from '../errors.js';

const RANGE = /\[([0-9]+|[a-z]):([0-9]+|[a-z])(?::([0-9]+))?\]/;

function expandOne(start: string, end: string, step: number, name: string): string[] {
  const numeric = /^[0-9]+$/.test(start);
  if (numeric !== /^[0-9]+$/.test(end) || step < 1) {
    throw new DeckhandError('E_INVENTORY', `bad host range in "${name}"`, { context: { field: 'hosts' } });
  }
  const out: string[] = [];
  if (numeric) {
    const width = start.startsWith('0') ? start.length : 0;
    for (let i = Number(start); i <= Number(end); i += step) out.push(String(i).padStart(width, '0'));
  } else {
    for (let c = start.charCodeAt(0); c <= end.charCodeAt(0); c += step) out.push(String.fromCharCode(c));
  }
  if (out.length === 0)
    throw new DeckhandError('E_INVENTORY', `empty host range in "${name}"`, { context: { field: 'hosts' } });
  return out;
}

/** expandHostRange returns the host names a pattern stands for (the name itself when it has no range). */
export function expandHostRange(name: string): string[] {
  const m = RANGE.exec(name);
  if (!m) return [name];
  const before = name.slice(0, m.index);
  const after = name.slice(m.index + m[0].length);
  const parts = expandOne(m[1] as string, m[2] as string, m[3] === undefined ? 1 : Number(m[3]), name);
  return parts.flatMap((p) => expandHostRange(`${before}${p}${after}`));
}
