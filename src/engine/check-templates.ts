/**
 * Template problems found before anything runs: every template in a play (vars and tasks) must
 * parse and call only known helpers. Each problem names file:line:col, the task and the field.
 */
import { DeckhandError } from '../errors.js';
import { formatPath, positionOf, type SourceFile, type YamlPath } from '../playbook/load.js';
import type { Playbook, TaskNode } from '../playbook/model.js';
import { templateProblem } from './template.js';

const NESTED = new Set(['block', 'rescue', 'always']);

function walkStrings(value: unknown, path: YamlPath, visit: (s: string, path: YamlPath) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], visit);
  }
}

function rawAt(src: SourceFile, path: YamlPath): unknown {
  if (path.length === 0) return src.value;
  let v: unknown = src.value;
  for (const seg of path)
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
  return v;
}

/** templateProblems lists every template in the playbook that cannot compile. */
export function templateProblems(pb: Playbook): DeckhandError[] {
  const out: DeckhandError[] = [];
  const check = (
    src: SourceFile,
    s: string,
    path: YamlPath,
    task: string | undefined,
    fieldFrom: number,
    role?: string,
  ): void => {
    const problem = templateProblem(s);
    if (!problem) return;
    const pos = positionOf(src, path);
    const field = formatPath(path.slice(fieldFrom));
    const who = task === undefined ? '' : `task "${task}": `;
    out.push(
      new DeckhandError(
        problem.code,
        `${pos.file}:${pos.line}:${pos.col}: ${who}${field}: ${problem.message}`,
        {
          context: {
            file: pos.file,
            line: pos.line,
            col: pos.col,
            task,
            role,
            field,
            path: formatPath(path),
          },
        },
      ),
    );
  };
  const visitTask = (t: TaskNode): void => {
    const raw = rawAt(t.src, t.path) as Record<string, unknown>;
    for (const [k, v] of Object.entries(raw ?? {})) {
      if (!NESTED.has(k))
        walkStrings(v, [...t.path, k], (s, p) => check(t.src, s, p, t.name, t.path.length, t.role?.name));
    }
    if (t.kind === 'block') [...t.block, ...t.rescue, ...t.always].forEach(visitTask);
  };
  for (const play of pb.plays) {
    const at = [...play.path, 'vars'];
    walkStrings(rawAt(play.src, at), at, (s, p) => check(play.src, s, p, undefined, play.path.length));
    play.tasks.forEach(visitTask);
    play.handlers.forEach(visitTask);
  }
  return out;
}
