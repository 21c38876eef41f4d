/** command: runs a program on the host without a shell (schema/modules/command.schema.json). */
import type { Module } from '../../src/module.js';
import { guardResult } from '../_shared/creates-removes.js';
import { loadModuleSchema } from '../_shared/load-schema.js';
import { execToResult } from '../_shared/run-result.js';
import { splitArgv } from './split-argv.js';

/** CommandArgs: `cmd` (split shell-like) or `argv`, plus where and whether to run. */
export interface CommandArgs {
  cmd?: string;
  argv?: (string | number | boolean)[];
  chdir?: string;
  creates?: string;
  removes?: string;
  stdin?: string;
  strip_empty_ends?: boolean;
}

/** commandModule runs argv directly; fails on a non-zero rc; check mode per Ansible (see guardResult). */
export const commandModule: Module<CommandArgs> = {
  name: 'command',
  schema: loadModuleSchema('command'),
  checkMode: true,
  freeForm: 'cmd',
  async run(args, ctx) {
    const argv = args.argv ? args.argv.map(String) : splitArgv(args.cmd ?? '');
    const skip = await guardResult(args, ctx);
    if (skip) return skip;
    const start = new Date();
    const res = await ctx.connector.exec(
      { argv, cwd: args.chdir, stdin: args.stdin },
      { signal: ctx.signal },
    );
    return execToResult(res, argv, { strip: args.strip_empty_ends ?? true, start });
  },
};
