/**
 * Host patterns as Ansible reads them: `a:b` or `a,b` (union), `a:&b` (and), `a:!b` (but not),
 * `all`/`*`, wildcards (`web*`), `~regex`, and the implicit `localhost`. Unions are taken first,
 * then intersections, then exclusions. A term that matches nothing known is E_HOST_PATTERN.
 */
import { DeckhandError, errorMessage } from '../errors.js';
import { hintText } from '../playbook/hints.js';
import { groupMembers, isImplicitLocalhost } from './hosts.js';
import type { Inventory } from './model.js';

/** splitPattern splits a pattern into terms on `:` and `,`. */
export function splitPattern(pattern: string): string[] {
  return pattern
    .split(/[:,]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function globToRegex(glob: string): RegExp {
  const body = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

function matchTerm(inv: Inventory, term: string, pattern: string): Set<string> {
  if (term === 'all' || term === '*') return new Set(inv.hosts.keys());
  if (inv.groups.has(term)) return groupMembers(inv, term);
  if (inv.hosts.has(term) || isImplicitLocalhost(inv, term)) return new Set([term]);
  let re: RegExp | undefined;
  if (term.startsWith('~')) {
    try {
      re = new RegExp(term.slice(1));
    } catch (e) {
      throw new DeckhandError(
        'E_HOST_PATTERN',
        `host pattern "${pattern}": bad regular expression ${term}: ${errorMessage(e)}`,
      );
    }
  } else if (term.includes('*')) {
    re = globToRegex(term);
  }
  if (re) {
    const out = new Set<string>();
    for (const g of inv.groups.keys()) if (re.test(g)) for (const h of groupMembers(inv, g)) out.add(h);
    for (const h of inv.hosts.keys()) if (re.test(h)) out.add(h);
    return out;
  }
  const hint = hintText(term, [...inv.groups.keys(), ...inv.hosts.keys(), 'localhost']);
  throw new DeckhandError(
    'E_HOST_PATTERN',
    `host pattern "${pattern}": no host or group named "${term}"${hint}`,
    {
      context: { field: 'hosts' },
    },
  );
}

/** selectHosts resolves a pattern to host names in inventory order (implicit localhost last). */
export function selectHosts(inv: Inventory, pattern: string): string[] {
  const terms = splitPattern(pattern);
  const plus = terms.filter((t) => !t.startsWith('&') && !t.startsWith('!'));
  let set = new Set<string>();
  if (plus.length === 0) set = new Set(inv.hosts.keys());
  for (const t of plus) for (const h of matchTerm(inv, t, pattern)) set.add(h);
  for (const t of terms.filter((x) => x.startsWith('&'))) {
    const other = matchTerm(inv, t.slice(1), pattern);
    set = new Set([...set].filter((h) => other.has(h)));
  }
  for (const t of terms.filter((x) => x.startsWith('!'))) {
    for (const h of matchTerm(inv, t.slice(1), pattern)) set.delete(h);
  }
  const ordered = [...inv.hosts.keys()].filter((h) => set.has(h));
  if (set.has('localhost') && isImplicitLocalhost(inv, 'localhost')) ordered.push('localhost');
  return ordered;
}
