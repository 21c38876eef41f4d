/** shell: runs a command line through /bin/sh (or `executable`) on the host (schema/modules/shell.schema.json). */
import type { Module } from '../../src/module.js';
import { guardResult } from '../_shared/creates-removes.js';
import { loadModuleSchema } from '../_shared/load-schema.js';
import { execToResult } from '../_shared/run-result.js';

/** ShellArgs: the command line and where and with what to run it. */
export interface ShellArgs {
  cmd: string;
  chdir?: string;
  executable?: string;
  creates?: string;
  removes?: string;
  stdin?: string;
  strip_empty_ends?: boolean;
}

/** shellModule runs `executable -c cmd`; fails on a non-zero rc; check mode per Ansible (see guardResult). */
export const shellModule: Module<ShellArgs> = {
  name: 'shell',
  schema: loadModuleSchema('shell'),
  checkMode: true,
  freeForm: 'cmd',
  async run(args, ctx) {
    const skip = await guardResult(args, ctx);
    if (skip) return skip;
    const start = new Date();
    const res = await ctx.connector.exec(
      { shell: args.cmd, executable: args.executable ?? '/bin/sh', cwd: args.chdir, stdin: args.stdin },
      { signal: ctx.signal },
    );
    return execToResult(res, args.cmd, { strip: args.strip_empty_ends ?? true, start });
  },
};
