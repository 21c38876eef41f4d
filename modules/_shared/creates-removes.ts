/** The `creates`/`removes` guards shared by command and shell, and their check-mode behaviour. */
import { posix } from 'node:path';
import type { ModuleContext, ModuleResult } from '../../src/module.js';

/** GuardArgs are the arguments that decide whether a command runs at all. */
export interface GuardArgs {
  creates?: string;
  removes?: string;
  chdir?: string;
}

/**
 * guardResult returns the result to report instead of running the command, or undefined to run it.
 * Like Ansible: an existing `creates` or a missing `removes` is ok/unchanged; in check mode a command
 * whose guards cannot tell is skipped, and one whose guards say it would run reports changed.
 */
export async function guardResult(args: GuardArgs, ctx: ModuleContext): Promise<ModuleResult | undefined> {
  const resolve = (p: string) => (args.chdir ? posix.resolve(args.chdir, p) : p);
  if (args.creates !== undefined) {
    const p = resolve(args.creates);
    if (await ctx.connector.stat(p)) return { changed: false, msg: `skipped, since ${p} exists`, rc: 0 };
  }
  if (args.removes !== undefined) {
    const p = resolve(args.removes);
    if (!(await ctx.connector.stat(p)))
      return { changed: false, msg: `skipped, since ${p} does not exist`, rc: 0 };
  }
  if (!ctx.check) return undefined;
  if (args.creates === undefined && args.removes === undefined) {
    return { changed: false, skipped: true, msg: 'command would run if not in check mode' };
  }
  return { changed: true, msg: 'command would have run if not in check mode' };
}
