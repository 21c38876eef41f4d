/**
 * `deckhand image …`: the offline image workflow on the command line, on the image module's code paths.
 * Every subcommand is defined here (help, suggestions for typos), but each image-<sub>.ts holds only
 * its definition: the implementation, image-<sub>-action.ts, is imported when that subcommand runs, so
 * a short `image pull` never loads the template engine and `--help` never the registry client (issue 7).
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { CliCommand } from './command.js';
import { registerCopy } from './image-copy.js';
import { registerInspect } from './image-inspect.js';
import { registerLs } from './image-ls.js';
import { registerPull } from './image-pull.js';
import { registerPush } from './image-push.js';
import { registerStoreCommands } from './image-store.js';

/** image registers `deckhand image` and its subcommands. */
export const image: CliCommand = {
  register(program: Command, io: CliIo) {
    const cmd = program
      .command('image')
      .description('pull, push, copy and inspect OCI images; maintain a local image layout')
      .addHelpText('after', '\nNO_COLOR disables colour; passwords given with --creds are never printed.');
    registerPull(cmd, io);
    registerPush(cmd, io);
    registerCopy(cmd, io);
    registerLs(cmd, io);
    registerInspect(cmd, io);
    registerStoreCommands(cmd, io);
    // program.ts sets these on top-level commands only; nested ones must not call process.exit either.
    for (const sub of cmd.commands) {
      sub.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    }
  },
};
