/** copy: writes content or a controller file to a path on the host (schema/modules/copy.schema.json). */
import { basename } from 'node:path';
import type { Module } from '../../src/module.js';
import { readControllerFile } from '../_shared/controller-file.js';
import { parseMode } from '../_shared/file-mode.js';
import { loadModuleSchema } from '../_shared/load-schema.js';
import { putFile } from '../_shared/put-file.js';

/** CopyArgs: `content` or `src`, the destination, the mode and `force`. */
export interface CopyArgs {
  content?: string;
  src?: string;
  dest: string;
  mode?: string | number;
  force?: boolean;
}

/** copyModule is idempotent: changed only when content or mode differ; supports check mode. */
export const copyModule: Module<CopyArgs> = {
  name: 'copy',
  schema: loadModuleSchema('copy'),
  checkMode: true,
  async run(args, ctx) {
    const mode = parseMode(args.mode);
    let content: Buffer;
    let dest = args.dest;
    if (args.src !== undefined) {
      content = (await readControllerFile(ctx, args.src, 'src', 'files')).content;
      // A directory destination receives the source's name, as with cp.
      if (dest.endsWith('/') || (await ctx.connector.stat(dest))?.isDirectory) {
        dest = `${dest.replace(/\/+$/, '')}/${basename(args.src)}`;
      }
    } else {
      content = Buffer.from(args.content ?? '', 'utf8');
    }
    return putFile(ctx, dest, content, { mode, force: args.force ?? true });
  },
};
