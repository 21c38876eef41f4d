/**
 * Ajv errors → DeckhandErrors that name `file:line:col` and the path (DESIGN.md §8.5), one per problem.
 */
import type { ErrorObject } from 'ajv';
import { DeckhandError, type ErrorContext } from '../errors.js';
import { hintText } from './hints.js';
import { formatPath, positionOf, type SourceFile, type YamlPath } from './load.js';

/** pointerToPath turns an ajv instancePath (`/0/tasks/1`) into a YamlPath. */
export function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** Where the validated value sits in its file, and what to say about it. */
export interface SchemaErrorScope {
  src: SourceFile;
  /** Path of the validated value inside the file. */
  base: YamlPath;
  /** Context added to every error (task, host, field prefix). */
  context?: ErrorContext;
  /** How the validated value is named in messages (default: its path in the file). */
  label?: (path: YamlPath) => string;
  /** How the whole document is named when the error is about it (default "document"). */
  rootLabel?: string;
  /** Finds the task a path is inside (its name and the rest of the path), to name it in messages. */
  taskAt?: (path: YamlPath) => { name: string; rest: YamlPath } | undefined;
  /** Skip errors about values that cannot be judged yet (templates). */
  skip?: (path: YamlPath) => boolean;
}

/** schemaErrors converts ajv's errors into positioned DeckhandErrors (E_SCHEMA, or E_REGEX for bad regexes). */
export function schemaErrors(errors: readonly ErrorObject[], scope: SchemaErrorScope): DeckhandError[] {
  const groups = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const g = groups.get(e.instancePath);
    if (g) g.push(e);
    else groups.set(e.instancePath, [e]);
  }
  const out: DeckhandError[] = [];
  for (const [pointer, group] of groups) {
    const rel = pointerToPath(pointer);
    if (scope.skip?.(rel)) continue;
    const deeper = [...groups.keys()].some((k) => k.startsWith(pointer + '/'));
    // An `if` failure only says which branch failed; the branch's own errors say why.
    if (group.every((e) => e.keyword === 'if')) continue;
    const oneOf = group.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    if (oneOf && deeper) continue;
    for (const problem of describe(group, oneOf)) {
      const path = [...rel, ...(problem.key === undefined ? [] : [problem.key])];
      const full = [...scope.base, ...path];
      const pos = positionOf(scope.src, full, { key: problem.key !== undefined });
      const task = scope.taskAt?.(full);
      let label = scope.label ? scope.label(path) : formatPath(full) || (scope.rootLabel ?? 'document');
      if (task) label = `task "${task.name}": ${formatPath(task.rest)}`;
      const context = {
        ...scope.context,
        file: pos.file,
        line: pos.line,
        col: pos.col,
        path: formatPath(full),
      };
      if (task) Object.assign(context, { task: task.name, field: formatPath(task.rest) });
      out.push(
        new DeckhandError(problem.code, `${pos.file}:${pos.line}:${pos.col}: ${label}: ${problem.message}`, {
          context,
        }),
      );
    }
  }
  return out;
}

interface Problem {
  code: 'E_SCHEMA' | 'E_REGEX';
  message: string;
  key?: string;
}

function describe(group: ErrorObject[], oneOf: boolean): Problem[] {
  const out: Problem[] = [];
  for (const e of group) {
    if (e.keyword === 'additionalProperties') {
      const key = String(e.params.additionalProperty);
      const known = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      out.push({ code: 'E_SCHEMA', key, message: `unknown key "${key}"${hintText(key, known)}` });
    } else if (e.keyword === 'propertyNames') {
      const key = String(e.params.propertyName);
      out.push({
        code: 'E_SCHEMA',
        key,
        message: `"${key}" is not a valid name (letters, digits and _; not starting with a digit)`,
      });
    } else if (e.keyword === 'required') {
      out.push({ code: 'E_SCHEMA', message: `missing required key "${String(e.params.missingProperty)}"` });
    }
  }
  if (out.length > 0) return out;
  if (oneOf) {
    const types = group
      .filter((e) => e.keyword === 'type')
      .flatMap((e) => [e.params.type as string | string[]].flat());
    if (types.length > 0)
      return [{ code: 'E_SCHEMA', message: `must be ${[...new Set(types)].join(' or ')}` }];
  }
  const e =
    group.find((x) => x.keyword !== 'oneOf' && x.keyword !== 'anyOf' && x.keyword !== 'if') ?? group[0];
  if (!e) return [];
  if (e.keyword === 'format' && e.params.format === 'regex') {
    let why = '';
    try {
      new RegExp(String(e.data));
    } catch (err) {
      why = `: ${(err as Error).message}`;
    }
    return [{ code: 'E_REGEX', message: `not a valid regular expression${why}` }];
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
    return [{ code: 'E_SCHEMA', message: `must be one of ${allowed.join(', ')}` }];
  }
  return [{ code: 'E_SCHEMA', message: e.message ?? 'is invalid' }];
}
