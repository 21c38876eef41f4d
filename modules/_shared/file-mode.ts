/** Parsing of `mode` arguments: octal strings, or YAML integers read as octal digits. */
import { DeckhandError } from '../../src/errors.js';

/**
 * parseMode turns `'0644'`, `'644'` or the integer 644 (what YAML makes of an unquoted 0644) into
 * permission bits; undefined stays undefined. Symbolic modes (`u=rw`) are not supported.
 */
export function parseMode(mode: string | number | undefined): number | undefined {
  if (mode === undefined) return undefined;
  const s = String(mode);
  if (!/^0?[0-7]{3,4}$/.test(s)) {
    throw new DeckhandError('E_MODULE', `mode ${JSON.stringify(mode)} is not an octal mode like '0644'`, {
      context: { field: 'mode' },
    });
  }
  return parseInt(s, 8);
}

/** formatMode prints permission bits the way people write them (`0644`). */
export function formatMode(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}
