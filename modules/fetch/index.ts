/**
 * fetch: copies a file from the host to the controller (schema/modules/fetch.schema.json). Changed only
 * when the local copy's content differs. Registers `data: {src, dest, checksum, size}`.
 */
import { createHash } from 'node:crypto';
import { DeckhandError, errorMessage } from '../../src/errors.js';
import type { Module, ModuleContext } from '../../src/module.js';
import { loadModuleSchema } from '../_shared/load-schema.js';
import { localDest, readLocal, writeLocalAtomic } from './local-dest.js';

/** FetchArgs: the remote `src`, the local `dest`, and Ansible's `flat` and `fail_on_missing`. */
export interface FetchArgs {
  src: string;
  dest: string;
  flat?: boolean;
  fail_on_missing?: boolean;
}

/** readRemote reads the file in one round trip; only a failure costs a stat, to say why. */
async function readRemote(ctx: ModuleContext, src: string): Promise<Buffer | null> {
  try {
    return await ctx.connector.readFile(src);
  } catch (e) {
    if ((await ctx.connector.stat(src).catch(() => null))?.isDirectory) {
      throw new DeckhandError('E_MODULE', `src ${src} is a directory; fetch copies files only`, {
        cause: e,
        context: { field: 'src', path: src },
      });
    }
    throw e;
  }
}

/** fetchModule reads the remote file over the host's connector and writes it atomically on the controller. */
export const fetchModule: Module<FetchArgs> = {
  name: 'fetch',
  schema: loadModuleSchema('fetch'),
  checkMode: true,
  async run(args, ctx) {
    const dest = await localDest(args.src, args.dest, args.flat ?? false, ctx.host, ctx.playbookDir);
    const content = await readRemote(ctx, args.src);
    if (content === null) {
      const msg = `the remote file ${args.src} does not exist`;
      if (args.fail_on_missing ?? true)
        return { changed: false, failed: true, msg, data: { src: args.src, dest } };
      return { changed: false, msg: `${msg}, not failing as requested`, data: { src: args.src, dest } };
    }
    const checksum = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    const data = { src: args.src, dest, checksum, size: content.length };
    let current: Buffer | null;
    try {
      current = await readLocal(dest);
    } catch (e) {
      throw new DeckhandError('E_FILE', `cannot read ${dest}: ${errorMessage(e)}`, {
        cause: e,
        context: { path: dest },
      });
    }
    if (current?.equals(content)) return { changed: false, data };
    if (!ctx.check) {
      try {
        await writeLocalAtomic(dest, content);
      } catch (e) {
        throw new DeckhandError('E_FILE', `cannot write ${dest}: ${errorMessage(e)}`, {
          cause: e,
          context: { path: dest },
        });
      }
    }
    const what = current === null ? 'created' : 'content changed';
    return { changed: true, msg: `${dest}: ${what}${ctx.check ? ' (check mode)' : ''}`, data };
  },
};
