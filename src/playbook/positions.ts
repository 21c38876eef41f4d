/** Positions of model nodes, and errors moved to the place in a file that caused them. */
import { DeckhandError, withContext } from '../errors.js';
import { positionOf, type SourceFile, type YamlPath } from './load.js';
import type { Loc } from './model.js';

/** locOf is the position of `path` in `src`. */
export function locOf(src: SourceFile, path: YamlPath): Loc {
  const p = positionOf(src, path);
  return { file: p.file, line: p.line, col: p.col };
}

/** positioned prefixes an error with `file:line:col` of `path` and names the role. */
export function positioned(src: SourceFile, path: YamlPath, e: DeckhandError, role?: string): DeckhandError {
  const loc = locOf(src, path);
  const err = new DeckhandError(e.code, `${loc.file}:${loc.line}:${loc.col}: ${e.message}`, {
    cause: e.cause,
    details: e.details,
    context: { ...e.context, file: loc.file, line: loc.line, col: loc.col },
  });
  return withContext(err, { role });
}
