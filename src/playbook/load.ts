/**
 * YAML with positions: every value can be traced back to `file:line:col` (DESIGN.md §8.5).
 * Duplicate keys, tab indentation and alias bombs are refused with a DeckhandError E_YAML.
 */
import { readFile, stat } from 'node:fs/promises';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type SchemaOptions,
} from 'yaml';
import { DeckhandError, errorMessage } from '../errors.js';

/** A path into a YAML value: map keys and sequence indexes. */
export type YamlPath = ReadonlyArray<string | number>;

/** A parsed YAML file: its plain value and what is needed to find positions. */
export interface SourceFile {
  readonly file: string;
  readonly value: unknown;
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** A place in a file (1-based line and column). */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/** MAX_ALIASES bounds alias expansion (a "billion laughs" file is refused, not expanded). */
export const MAX_ALIASES = 1000;

/** parseYaml parses `text` (one YAML document) from `file`; throws DeckhandError E_YAML naming file:line:col. */
export function parseYaml(text: string, file: string): SourceFile {
  const lines = new LineCounter();
  const control = CONTROL.exec(text);
  if (control) {
    const before = text.slice(0, control.index).split('\n');
    const line = before.length;
    const col = (before[before.length - 1]?.length ?? 0) + 1;
    const hex = control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
    throw new DeckhandError(
      'E_YAML',
      `${file}:${line}:${col}: control character U+${hex} is not allowed in YAML`,
      {
        context: { file, line, col },
      },
    );
  }
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, {
      lineCounter: lines,
      uniqueKeys: true,
      prettyErrors: true,
      version: '1.1',
      merge: true,
      customTags: ansibleTags,
    });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new DeckhandError('E_YAML', `${file}: refused: ${DEEP}`, { context: { file }, cause: e });
  }
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0] ?? { line: 1, col: 1 };
    const detail = describeYamlError(problem.code, problem.message);
    throw new DeckhandError('E_YAML', `${file}:${pos.line}:${pos.col}: ${detail}`, {
      context: { file, line: pos.line, col: pos.col },
      details: doc.errors.slice(1).map((e) => {
        const p = e.linePos?.[0];
        return `${file}:${p?.line ?? 1}:${p?.col ?? 1}: ${describeYamlError(e.code, e.message)}`;
      }),
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    if (e instanceof RangeError) {
      throw new DeckhandError('E_YAML', `${file}: refused: ${DEEP}`, { context: { file }, cause: e });
    }
    throw new DeckhandError('E_YAML', `${file}: refused: ${errorMessage(e)} (alias limit ${MAX_ALIASES})`, {
      context: { file },
      cause: e,
    });
  }
  return { file, value, doc, lines };
}

type Tags = Extract<NonNullable<SchemaOptions['customTags']>, unknown[]>;

const BOOL = 'tag:yaml.org,2002:bool';
const DROPPED = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:set',
]);

/**
 * ansibleTags reads scalars the way Ansible (PyYAML, YAML 1.1) does where it matters to playbooks:
 * yes/no/on/off are booleans and `0644` is octal; but `y`/`n` stay strings, and times, dates and
 * sexagesimal numbers (`22:22`) are not converted.
 */
function ansibleTags(tags: Tags): Tags {
  return tags
    .filter((t) => typeof t === 'string' || (!DROPPED.has(t.tag) && t.format !== 'TIME'))
    .map((t) => {
      if (typeof t === 'string' || t.tag !== BOOL || !('test' in t) || !t.test) return t;
      const truthy = t.test.test('true');
      return {
        ...t,
        test: truthy ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      };
    });
}

function describeYamlError(code: string, message: string): string {
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  if (/Maximum call stack size exceeded/.test(first)) return DEEP;
  if (code === 'TAB_AS_INDENT') return `tab character used for indentation (YAML needs spaces): ${first}`;
  if (code === 'DUPLICATE_KEY') return `duplicate key: ${first}`;
  return first;
}

/** loadYamlFile reads and parses a YAML file; a missing file is DeckhandError E_FILE. */
export async function loadYamlFile(file: string): Promise<SourceFile> {
  let bytes: Buffer;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_FILE_BYTES) {
      throw new DeckhandError(
        'E_YAML',
        `${file}: refused: ${size} bytes is over the ${MAX_FILE_BYTES}-byte limit for YAML files`,
        { context: { file } },
      );
    }
    bytes = await readFile(file);
  } catch (e) {
    if (e instanceof DeckhandError) throw e;
    throw new DeckhandError('E_FILE', `cannot read ${file}: ${errorMessage(e)}`, {
      context: { file },
      cause: e,
    });
  }
  return parseYaml(decodeUtf8(bytes, file), file);
}

/** MAX_FILE_BYTES bounds a playbook, inventory or vars file (a huge scalar is refused, not parsed). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

const DEEP = 'nesting too deep (the parser ran out of stack)';

/** CONTROL finds characters YAML does not allow (outside c-printable): NUL, ESC and the like. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** decodeUtf8 decodes strictly: invalid UTF-8 is an E_YAML error at its line:col, not silent U+FFFD. */
function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const loose = bytes.toString('utf8');
    let at = 0;
    for (let i = 0; i < loose.length; i++) {
      if (loose[i] !== '\uFFFD') continue;
      const back = Buffer.byteLength(loose.slice(0, i));
      if (bytes.subarray(back, back + 3).toString('hex') !== 'efbfbd') {
        at = i;
        break;
      }
    }
    const before = loose.slice(0, at).split('\n');
    const line = before.length;
    const col = (before[before.length - 1]?.length ?? 0) + 1;
    throw new DeckhandError('E_YAML', `${file}:${line}:${col}: not valid UTF-8`, {
      context: { file, line, col },
    });
  }
}

/**
 * positionOf finds where `path` is in the file: the deepest existing node on the path (so a missing
 * key points at its parent). With `key`, a map entry points at its key rather than its value.
 */
export function positionOf(src: SourceFile, path: YamlPath, opts: { key?: boolean } = {}): Position {
  let node: unknown = src.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(src.doc);
    const seg = path[i];
    let next: unknown;
    let keyNode: unknown;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(seg),
      );
      next = pair?.value;
      keyNode = pair?.key;
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    const last = i === path.length - 1;
    const at = last && opts.key && keyNode ? keyNode : (next ?? keyNode);
    const start = rangeStart(at);
    if (start === undefined) break;
    offset = start;
    node = next;
    if (next === undefined || next === null) break;
  }
  const { line, col } = src.lines.linePos(offset);
  return { file: src.file, line, col };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

/** formatPath prints a YamlPath readably: `[0].tasks[2].when`. */
export function formatPath(path: YamlPath): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}
