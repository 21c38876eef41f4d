/** vars_files written out in a play must exist (relative to the file of the play) before anything runs. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DeckhandError } from '../errors.js';
import { formatPath, positionOf, type SourceFile, type YamlPath } from './load.js';

/** checkVarsFiles reports every vars file of a play that does not exist. */
export function checkVarsFiles(files: unknown, path: YamlPath, src: SourceFile, out: DeckhandError[]): void {
  if (!Array.isArray(files)) return;
  files.forEach((f, i) => {
    if (typeof f !== 'string' || f.includes('{{')) return;
    const full = resolve(dirname(src.file), f);
    if (existsSync(full)) return;
    const pos = positionOf(src, [...path, i]);
    out.push(
      new DeckhandError(
        'E_FILE',
        `${pos.file}:${pos.line}:${pos.col}: vars file not found: ${f} (looked at ${full})`,
        {
          context: {
            file: pos.file,
            line: pos.line,
            col: pos.col,
            path: formatPath([...path, i]),
            field: 'vars_files',
          },
        },
      ),
    );
  });
}
