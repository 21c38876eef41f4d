/**
 * The template helpers of DESIGN.md §3: comparison and logic, arithmetic, strings, collections,
 * default/defined, JSON/YAML, base64 and env, plus `unique` and `extract` (hostvars lookups). Each throws a DeckhandError on bad input.
 */
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { DeckhandError, errorMessage } from '../errors.js';
import { compileSafeRegex, type SafeRegex } from '../safe-regex.js';

type Helper = (...args: unknown[]) => unknown;

const require = createRequire(import.meta.url);
/**
 * yaml is loaded on the first to_yaml/from_yaml: `deckhand image push` renders --dest with these
 * helpers and never calls those two; loading yaml up front was 20-30 ms of its start-up (issue 7).
 */
const yaml = (): typeof import('yaml') => require('yaml') as typeof import('yaml');

/** Handlebars passes an options object last; helpers see only their own arguments. */
const args = (a: unknown[]): unknown[] => a.slice(0, -1);
const hashOf = (a: unknown[]): Record<string, unknown> =>
  (a[a.length - 1] as { hash?: Record<string, unknown> })?.hash ?? {};

function bad(helper: string, message: string): DeckhandError {
  return new DeckhandError('E_TEMPLATE', `helper "${helper}": ${message}`);
}

function num(helper: string, v: unknown): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n))
    throw bad(helper, `expects numbers, got ${JSON.stringify(v)}`);
  return n;
}

function text(helper: string, v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw bad(helper, `expects a string, got ${v === undefined ? 'undefined' : JSON.stringify(v)}`);
}

function regex(helper: string, pattern: unknown): SafeRegex {
  try {
    return compileSafeRegex(text(helper, pattern));
  } catch (e) {
    throw new DeckhandError('E_REGEX', `helper "${helper}": ${errorMessage(e)}`);
  }
}

function list(helper: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) throw bad(helper, `expects a list, got ${JSON.stringify(v) ?? 'undefined'}`);
  return v;
}

function arith(name: string, op: (a: number, b: number) => number): Helper {
  return (...a) => {
    const xs = args(a);
    if (name === 'add' && xs.every(Array.isArray)) return (xs as unknown[][]).flat(1);
    if (name === 'add' && xs.some((x) => typeof x === 'string' && Number.isNaN(Number(x))))
      return xs.map((x) => text(name, x)).join('');
    if (xs.length < 2) throw bad(name, 'needs at least two arguments');
    return xs.map((x) => num(name, x)).reduce(op);
  };
}

function size(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  throw bad('length', `expects a string, list or map, got ${JSON.stringify(v) ?? 'undefined'}`);
}

/** HELPERS maps each helper name to its implementation. */
export const HELPERS: Readonly<Record<string, Helper>> = {
  eq: (a, b) => isDeepStrictEqual(a, b),
  ne: (a, b) => !isDeepStrictEqual(a, b),
  gt: (a, b) => num('gt', a) > num('gt', b),
  ge: (a, b) => num('ge', a) >= num('ge', b),
  lt: (a, b) => num('lt', a) < num('lt', b),
  le: (a, b) => num('le', a) <= num('le', b),
  and: (...a) => args(a).every(Boolean),
  or: (...a) => args(a).some(Boolean),
  not: (a) => !a,
  add: arith('add', (x, y) => x + y),
  sub: arith('sub', (x, y) => x - y),
  mul: arith('mul', (x, y) => x * y),
  div: arith('div', (x, y) => {
    if (y === 0) throw bad('div', 'division by zero');
    return x / y;
  }),
  mod: arith('mod', (x, y) => x % y),
  int: (a) => {
    const n = typeof a === 'string' ? parseInt(a, 10) : Math.trunc(num('int', a));
    if (Number.isNaN(n)) throw bad('int', `cannot convert ${JSON.stringify(a)} to an integer`);
    return n;
  },
  upper: (a) => text('upper', a).toUpperCase(),
  lower: (a) => text('lower', a).toLowerCase(),
  replace: (s, from, to) => text('replace', s).split(text('replace', from)).join(text('replace', to)),
  trim: (s) => text('trim', s).trim(),
  split: (s, sep, ...rest) => text('split', s).split(rest.length > 0 ? text('split', sep) : ','),
  join: (l, sep, ...rest) =>
    list('join', l)
      .map(String)
      .join(rest.length > 0 ? text('join', sep) : ','),
  regex_replace: (s, pattern, to) =>
    regex('regex_replace', pattern).replaceAll(text('regex_replace', s), text('regex_replace', to)),
  match: (s, pattern) => regex('match', pattern).test(text('match', s)),
  length: (v) => size(v),
  contains: (coll, item) => {
    if (Array.isArray(coll)) return coll.some((x) => isDeepStrictEqual(x, item));
    if (typeof coll === 'string') return coll.includes(text('contains', item));
    if (coll && typeof coll === 'object') return Object.hasOwn(coll, text('contains', item));
    throw bad('contains', `expects a list, string or map, got ${JSON.stringify(coll) ?? 'undefined'}`);
  },
  // `unique` and `extract` are Ansible's `unique` and `map('extract', hostvars, 'facts.arch')`.
  unique: (l) => list('unique', l).filter((x, i, all) => all.findIndex((y) => isDeepStrictEqual(x, y)) === i),
  extract: (names, from, path) => {
    const m = asMap('extract', from);
    const keys = text('extract', path).split('.');
    return list('extract', names).map((n) =>
      keys.reduce<unknown>(
        (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
        m[text('extract', n)],
      ),
    );
  },
  keys: (m) => Object.keys(asMap('keys', m)),
  values: (m) => Object.values(asMap('values', m)),
  first: (l) => (typeof l === 'string' ? l[0] : list('first', l)[0]),
  last: (l) => (typeof l === 'string' ? l[l.length - 1] : list('last', l).at(-1)),
  list: (...a) => args(a),
  dict: (...a) => {
    const xs = args(a);
    if (xs.length % 2 !== 0) throw bad('dict', 'expects key value pairs');
    const entries: Array<[string, unknown]> = [];
    for (let i = 0; i < xs.length; i += 2) entries.push([text('dict', xs[i]), xs[i + 1]]);
    return Object.fromEntries([...entries, ...Object.entries(hashOf(a))]);
  },
  default: (v, fallback) => (v === undefined ? fallback : v),
  defined: (v) => v !== undefined,
  to_json: (...a) => {
    const indent = hashOf(a).indent;
    return JSON.stringify(args(a)[0], null, typeof indent === 'number' ? indent : undefined);
  },
  to_yaml: (v) => yaml().stringify(v),
  from_json: (s) => {
    try {
      return JSON.parse(text('from_json', s));
    } catch (e) {
      throw bad('from_json', errorMessage(e));
    }
  },
  from_yaml: (s) => {
    try {
      return yaml().parse(text('from_yaml', s), { maxAliasCount: 100 });
    } catch (e) {
      throw bad('from_yaml', errorMessage(e));
    }
  },
  b64encode: (s) => Buffer.from(text('b64encode', s), 'utf8').toString('base64'),
  b64decode: (s) => Buffer.from(text('b64decode', s), 'base64').toString('utf8'),
  env: (name) => process.env[text('env', name)] ?? '',
};

function asMap(helper: string, m: unknown): Record<string, unknown> {
  if (m && typeof m === 'object' && !Array.isArray(m)) return m as Record<string, unknown>;
  throw bad(helper, `expects a map, got ${JSON.stringify(m) ?? 'undefined'}`);
}
