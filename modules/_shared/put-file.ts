/** Idempotent file placement on a host, shared by copy and template. */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { DeckhandError } from '../../src/errors.js';
import type { ModuleContext, ModuleResult } from '../../src/module.js';
import { formatMode } from './file-mode.js';

/** PutFileOptions: the wanted mode (undefined keeps an existing file's mode) and `force`. */
export interface PutFileOptions {
  mode?: number;
  force: boolean;
}

const DEFAULT_MODE = 0o644;

/**
 * putFile writes `content` to `dest` unless it is already there with the wanted mode; reports changed
 * only when content or mode differ. In check mode it reports what would change and writes nothing.
 */
export async function putFile(
  ctx: ModuleContext,
  dest: string,
  content: Buffer,
  opts: PutFileOptions,
): Promise<ModuleResult> {
  const st = await ctx.connector.stat(dest);
  if (st?.isDirectory) {
    throw new DeckhandError('E_MODULE', `dest ${dest} is a directory`, { context: { field: 'dest' } });
  }
  const checksum = `sha256:${createHash('sha256').update(content).digest('hex')}`;
  const currentMode = st ? st.mode & 0o7777 : undefined;
  const mode = opts.mode ?? currentMode ?? DEFAULT_MODE;
  const data = { dest, checksum, size: content.length, mode: formatMode(mode) };
  if (st && !opts.force) return { changed: false, msg: `${dest} exists and force is false`, data };

  const current = st ? await ctx.connector.readFile(dest) : null;
  const sameContent = current !== null && current.equals(content);
  const sameMode = currentMode === mode;
  if (sameContent && sameMode) return { changed: false, data };

  let note = '';
  if (!st) {
    const parent = posix.dirname(dest);
    const pst = await ctx.connector.stat(parent);
    if (!pst?.isDirectory) {
      // In check mode an earlier task that would create the directory did not run, so only say so.
      if (!ctx.check) {
        throw new DeckhandError('E_FILE', `destination directory ${parent} does not exist`, {
          context: { field: 'dest', path: dest },
        });
      }
      note = `; ${parent} does not exist yet`;
    }
  }
  if (!ctx.check) await ctx.connector.writeFile(dest, content, { mode });
  const what = !current
    ? 'created'
    : sameContent
      ? `mode ${formatMode(currentMode ?? 0)} → ${formatMode(mode)}`
      : 'content changed';
  return { changed: true, msg: `${dest}: ${what}${ctx.check ? ` (check mode${note})` : ''}`, data };
}
