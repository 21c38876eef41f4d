/** Reading files that live beside the playbook on the controller (copy `src`, template, include_vars). */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { DeckhandError, errorMessage } from '../../src/errors.js';
import type { ModuleContext } from '../../src/module.js';

/**
 * readControllerFile reads `path`; a relative path is tried against the playbook's directory, then its
 * `subdir` (Ansible's `templates/`, `files/`, `vars/`). Missing files are E_FILE naming every place tried.
 */
export async function readControllerFile(
  ctx: ModuleContext,
  path: string,
  field: string,
  subdir?: string,
): Promise<{ path: string; content: Buffer }> {
  const candidates = isAbsolute(path)
    ? [path]
    : [join(ctx.playbookDir, path), ...(subdir ? [join(ctx.playbookDir, subdir, path)] : [])];
  for (const p of candidates) {
    try {
      return { path: p, content: await readFile(p) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      throw new DeckhandError('E_FILE', `cannot read ${p}: ${errorMessage(e)}`, {
        cause: e,
        context: { field, path: p },
      });
    }
  }
  throw new DeckhandError('E_FILE', `file not found: ${path}`, {
    context: { field, path },
    details: candidates.length > 1 ? [`looked in: ${candidates.join(', ')}`] : [],
  });
}
