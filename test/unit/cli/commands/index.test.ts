/** loadCommands loads only the command a command line names, so short commands start fast. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { loadCommands } from '../../../../src/cli/commands/index.js';
import type { CliIo } from '../../../../src/cli/io.js';

const names = async (...args: string[]): Promise<string[]> => {
  const program = new Command();
  for (const c of await loadCommands(['node', 'deckhand', ...args])) c.register(program, {} as CliIo);
  return program.commands.map((c) => c.name());
};

const cases: [string[], string[]][] = [
  [['image', 'ls', '--images-dir', 'x'], ['image']],
  [['run', 'site.yaml', '-i', 'inv.yaml'], ['run']],
  [['--json', 'validate', 'x.yaml'], ['validate']],
  [['registry', 'serve'], ['registry']],
  [['--help'], ['run', 'validate', 'image', 'registry']],
  [['imag'], ['run', 'validate', 'image', 'registry']],
  [['--version'], []],
];
for (const [argv, want] of cases) {
  test(`deckhand ${argv.join(' ')} loads ${want.join(', ') || 'no command'}`, async () => {
    assert.deepEqual(await names(...argv), want);
  });
}
