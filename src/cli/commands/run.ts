/** `deckhand run PLAYBOOK`: flags → runPlaybook → output and exit code. */
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { builtinModules } from '../../../modules/index.js';
import { connectByVars } from '../../connectors/ssh-connect.js';
import { runPlaybook } from '../../engine/run-playbook.js';
import { parseExtraVars } from '../extra-vars.js';
import type { CliIo } from '../io.js';
import { RunPrinter } from '../output.js';
import { requireFiles } from '../require-files.js';
import { collect, collectList, collectPaths, type CliCommand } from './command.js';

interface RunFlags {
  inventory?: string[];
  rolesPath?: string[];
  extraVars?: string[];
  limit?: string;
  tags?: string[];
  skipTags?: string[];
  forks: number;
  check?: boolean;
  json?: boolean;
  sshAcceptNewHostKeys?: boolean;
  sshKnownHosts?: string;
  sshConfig?: string;
}

/** parseForks accepts a whole number from 1 to 1000. */
export function parseForks(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1000) {
    throw new InvalidArgumentError('must be a whole number from 1 to 1000.');
  }
  return n;
}

async function action(io: CliIo, playbook: string, flags: RunFlags): Promise<void> {
  const inventoryPaths = flags.inventory ?? [];
  await requireFiles(io.cwd, playbook, inventoryPaths);
  const extraVars = await parseExtraVars(flags.extraVars ?? [], io.cwd);
  const check = Boolean(flags.check);
  const printer = flags.json ? undefined : new RunPrinter(io, { check });
  const report = await runPlaybook({
    playbookPath: playbook,
    inventoryPaths,
    rolesPath: (flags.rolesPath ?? []).map((d) => resolve(io.cwd, d)),
    extraVars,
    limit: flags.limit,
    tags: flags.tags,
    skipTags: flags.skipTags,
    forks: flags.forks,
    check,
    modules: builtinModules,
    connect: connectByVars({
      acceptNewHostKeys: flags.sshAcceptNewHostKeys,
      knownHostsFile: flags.sshKnownHosts,
      configFile: flags.sshConfig,
    }),
    onEvent: printer?.onEvent,
    signal: io.signal,
  });
  if (flags.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else printer?.recap(report);
  io.exitCode = report.failed ? 2 : 0;
  if (io.signal.aborted) {
    io.err('error: interrupted (Ctrl-C): the run stopped early; the report above is partial\n');
    io.exitCode = 130;
  }
}

/** run registers `deckhand run`. */
export const run: CliCommand = {
  register(program: Command, io: CliIo) {
    program
      .command('run')
      .description('run a playbook against an inventory')
      .argument('<playbook>', 'playbook file (YAML)')
      .option(
        '-i, --inventory <path>',
        'inventory file (repeatable; default: implicit localhost only)',
        collect,
      )
      .option(
        '-e, --extra-vars <vars>',
        'extra variables: KEY=VALUE, @vars.yaml or a {mapping} (repeatable; highest precedence)',
        collect,
      )
      .option(
        '--roles-path <dirs>',
        'more directories to find roles in, after roles/ beside the playbook (colon-separated, repeatable)',
        collectPaths,
      )
      .option('-l, --limit <pattern>', "run only on hosts matching the pattern (e.g. 'web:&prod', '!db')")
      .option(
        '-t, --tags <list>',
        'run only tasks with these tags (comma-separated, repeatable)',
        collectList,
      )
      .option('--skip-tags <list>', 'skip tasks with these tags (comma-separated, repeatable)', collectList)
      .option('-f, --forks <n>', 'hosts that run a task at the same time', parseForks, 5)
      .option('-C, --check', 'change nothing; report what would change')
      .option('--json', 'print only the JSON run report on stdout')
      .option('--ssh-accept-new-host-keys', 'accept and remember host keys of hosts not yet in known_hosts')
      .option(
        '--ssh-known-hosts <file>',
        'known_hosts file to check host keys against (default: ~/.ssh/known_hosts)',
      )
      .option('--ssh-config <file>', 'ssh_config file (default: ~/.ssh/config)')
      .addHelpText(
        'after',
        `
Exit status: 0 every host ok, 2 some host failed, 1 usage or validation error, 130 interrupted.

Examples:
  deckhand run playbooks/quickstart.yaml
  deckhand run site.yaml -i inventory.yaml -e version=1.29.3 -e @vars.yaml --limit 'web:&prod'
  deckhand run site.yaml -i inventory.yaml --tags images --check --json > report.json`,
      )
      .action((playbook: string, flags: RunFlags) => action(io, playbook, flags));
  },
};
