/** `deckhand validate PLAYBOOK`: every problem in a playbook and its inventories, nothing run. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { builtinModules } from '../../../modules/index.js';
import { validatePlaybook } from '../../engine/validate-playbook.js';
import { formatError } from '../format-error.js';
import type { CliIo } from '../io.js';
import { requireFiles } from '../require-files.js';
import { collect, collectPaths, type CliCommand } from './command.js';

interface ValidateFlags {
  inventory?: string[];
  rolesPath?: string[];
  json?: boolean;
}

async function action(io: CliIo, playbook: string, flags: ValidateFlags): Promise<void> {
  const inventoryPaths = flags.inventory ?? [];
  await requireFiles(io.cwd, playbook, inventoryPaths);
  const problems = await validatePlaybook({
    playbookPath: playbook,
    inventoryPaths,
    rolesPath: (flags.rolesPath ?? []).map((d) => resolve(io.cwd, d)),
    modules: builtinModules,
  });
  if (flags.json) {
    const list = problems.map((e) => ({
      code: e.code,
      message: e.message,
      ...e.context,
      details: e.details,
    }));
    io.out(`${JSON.stringify({ valid: problems.length === 0, problems: list }, null, 2)}\n`);
  } else if (problems.length === 0) {
    io.out(`${playbook}: valid\n`);
  } else {
    for (const e of problems) io.err(formatError(e));
    io.err(`${playbook}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
  }
  io.exitCode = problems.length === 0 ? 0 : 1;
}

/** validate registers `deckhand validate`. */
export const validate: CliCommand = {
  register(program: Command, io: CliIo) {
    program
      .command('validate')
      .description('check a playbook and its inventories against the schemas without running anything')
      .argument('<playbook>', 'playbook file (YAML)')
      .option('-i, --inventory <path>', 'inventory file (repeatable)', collect)
      .option(
        '--roles-path <dirs>',
        'more directories to find roles in, after roles/ beside the playbook (colon-separated, repeatable)',
        collectPaths,
      )
      .option('--json', 'print the problems as JSON on stdout')
      .addHelpText('after', '\nExit status: 0 valid, 1 problems found (each printed with file:line:col).')
      .action((playbook: string, flags: ValidateFlags) => action(io, playbook, flags));
  },
};
