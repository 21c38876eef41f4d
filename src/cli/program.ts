/**
 * The CLI program and its one error boundary (DESIGN.md §8.6): user errors (DeckhandError, bad flags)
 * print a message and exit 1; anything else prints its stack and asks for a report.
 */
import { Command, CommanderError } from 'commander';
import { isDeckhandError } from '../errors.js';
import type { CliCommand } from './commands/command.js';
import { loadCommands } from './commands/index.js';
import { formatError, formatInternalError } from './format-error.js';
import type { CliIo } from './io.js';
import { packageVersion } from './package-info.js';

/** buildProgram makes the commander program with `commands` registered on `io`. */
export function buildProgram(io: CliIo, commands: readonly CliCommand[]): Command {
  const program = new Command('deckhand')
    .description('A playbook runner for cluster installs, with an offline OCI image workflow.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .addHelpText('after', "\nRun `deckhand COMMAND --help` for a command's options.");
  for (const c of commands) c.register(program, io);
  for (const sub of program.commands)
    sub.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  return program;
}

/** runCli parses `argv` (process.argv shape), runs the command and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const program = buildProgram(io, await loadCommands(argv));
    await program.parseAsync([...argv]);
    return io.exitCode;
  } catch (e) {
    return handleError(e, io);
  }
}

/** handleError is the error boundary: it prints what the user should see and returns the exit code. */
export function handleError(e: unknown, io: CliIo): number {
  if (e instanceof CommanderError) {
    // Commander has printed its own message (help, version, or the usage error).
    return e.exitCode === 0 ? 0 : 1;
  }
  if (isDeckhandError(e)) {
    io.err(formatError(e));
    return e.code === 'E_CANCELLED' ? 130 : 1;
  }
  io.err(formatInternalError(e));
  return 1;
}
