/** The shape of one CLI command file: it adds itself to the program. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** CliCommand: `register` adds a subcommand whose action sets `io.exitCode` and throws DeckhandError on user errors. */
export interface CliCommand {
  register(program: Command, io: CliIo): void;
}

/** collect is a commander option parser for repeatable options (`-i a -i b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** collectList is collect for comma-separated lists (`--tags a,b --tags c`). */
export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

/** collectPaths is collect for colon-separated directory lists (`--roles-path a:b --roles-path c`). */
export function collectPaths(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(':').filter(Boolean)];
}
