/**
 * `deckhand image copy SRC DEST`: one image between any two places, spelled as skopeo spells them
 * (`docker://REF`, `oci:DIR[:REF]`; a bare reference is a registry).
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { collect } from './command.js';
import {
  connectionOptions,
  outputOptions,
  parseCreds,
  parsePolicy,
  type ConnectionFlags,
  type OutputFlags,
} from './image-flags.js';

/** The flags of `image copy` as commander parses them. */
export interface CopyFlags extends ConnectionFlags, OutputFlags {
  platform?: string[];
  policy?: 'strict' | 'warn';
  srcCreds?: { username: string; password: string };
  destCreds?: { username: string; password: string };
  check?: boolean;
}

/** registerCopy adds `image copy`. */
export function registerCopy(image: Command, io: CliIo): void {
  const cmd = image
    .command('copy')
    .description('copy one image between registries and OCI image layouts')
    .argument('<src>', 'docker://REF, oci:DIR:REF, or a bare reference')
    .argument('<dest>', 'docker://REF, oci:DIR[:REF] (default REF: the source reference)')
    .option('--platform <os/arch>', 'keep only this platform (repeatable; default all)', collect)
    .option('--policy <policy>', 'strict: a missing platform fails; warn: skip it', parsePolicy)
    .option('--src-creds <user:password>', 'credentials for the source registry (never printed)', parseCreds)
    .option(
      '--dest-creds <user:password>',
      'credentials for the destination registry (never printed)',
      parseCreds,
    )
    .option('--check', 'resolve both ends and report what would be copied; write nothing');
  outputOptions(connectionOptions(cmd, 'credentials for both registries'))
    .addHelpText('after', '\nExit status: 0 copied, 1 usage error, 2 the copy failed.')
    .action(async (src: string, dest: string, flags: CopyFlags) => {
      // The implementation (registry client, store, progress) loads only when copy runs: issue 7.
      const { copyAction } = await import('./image-copy-action.js');
      await copyAction(io, src, dest, flags);
    });
}
