/**
 * htpasswd files with bcrypt entries (`htpasswd -B`), as distribution's htpasswd auth reads them.
 * Other hash formats (MD5 `$apr1$`, SHA, crypt) are refused when the file is loaded, naming the line,
 * rather than failing every login later.
 */
import { readFile } from 'node:fs/promises';
import bcrypt from 'bcryptjs';
import { DeckhandError } from '../errors.js';

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/** Htpasswd maps user names to bcrypt hashes. */
export type Htpasswd = ReadonlyMap<string, string>;

/** parseHtpasswd reads `user:hash` lines (blank lines and `#` comments skipped); throws E_FILE. */
export function parseHtpasswd(text: string, file = 'htpasswd'): Htpasswd {
  const users = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    const where = { context: { file, line: i + 1 } };
    if (colon <= 0) throw new DeckhandError('E_FILE', `${file}:${i + 1}: expected USER:HASH`, where);
    const user = line.slice(0, colon);
    const hash = line.slice(colon + 1);
    if (!BCRYPT.test(hash)) {
      throw new DeckhandError(
        'E_FILE',
        `${file}:${i + 1}: the entry for "${user}" is not a bcrypt hash; create it with "htpasswd -B"`,
        where,
      );
    }
    users.set(user, hash);
  });
  return users;
}

/** loadHtpasswd reads and parses an htpasswd file; throws E_FILE when it cannot be read or parsed. */
export async function loadHtpasswd(file: string): Promise<Htpasswd> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new DeckhandError('E_FILE', `cannot read the htpasswd file ${file}: ${(e as Error).message}`, {
      cause: e,
      context: { file },
    });
  }
  const users = parseHtpasswd(text, file);
  if (users.size === 0) throw new DeckhandError('E_FILE', `${file} has no users`, { context: { file } });
  return users;
}

/** A hash nobody's password matches: unknown users still pay for a bcrypt compare (no user probing by timing). */
const DUMMY = bcrypt.hashSync('deckhand: no such user', 5);

/**
 * verifyPassword checks `password` for `user` in constant time with respect to who exists: an unknown
 * user costs a bcrypt compare at the cost of the file's first entry, and bcrypt compares hashes in constant time.
 */
export async function verifyPassword(users: Htpasswd, user: string, password: string): Promise<boolean> {
  const hash = users.get(user);
  if (hash === undefined) {
    const cost = [...users.values()][0]?.slice(4, 6);
    await bcrypt.compare(password, cost ? dummyAtCost(Number(cost)) : DUMMY);
    return false;
  }
  return bcrypt.compare(password, hash);
}

const dummies = new Map<number, string>();
function dummyAtCost(cost: number): string {
  let h = dummies.get(cost);
  if (!h) {
    h = bcrypt.hashSync('deckhand: no such user', Math.min(Math.max(cost, 4), 31));
    dummies.set(cost, h);
  }
  return h;
}
