/**
 * Every CLI command, in help order. A new command is one more file in this folder and one line here.
 * Commands load lazily: `deckhand image pull` never loads the engine, the modules or the server, which
 * keeps start-up short for the many short invocations scripts make (bench/README.md).
 */
import type { CliCommand } from './command.js';

interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<CliCommand>;
}

/** COMMANDS lists each top-level command name with a loader, in help order. */
const COMMANDS: readonly CommandEntry[] = [
  { name: 'run', load: async () => (await import('./run.js')).run },
  { name: 'validate', load: async () => (await import('./validate.js')).validate },
  { name: 'image', load: async () => (await import('./image.js')).image },
  { name: 'registry', load: async () => (await import('./registry.js')).registry },
];

/**
 * loadCommands loads the command `argv` names (the first argument that is not an option), or every
 * command when it names none of them (help, a typo that needs suggestions, `--version`).
 */
export async function loadCommands(argv: readonly string[]): Promise<CliCommand[]> {
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  if (first === undefined && argv.some((a) => a === '-V' || a === '--version')) return [];
  const named = COMMANDS.filter((c) => c.name === first);
  return Promise.all((named.length > 0 ? named : COMMANDS).map((c) => c.load()));
}
