/** `deckhand image pull REF... --images-dir DIR`: the image module's pull from the command line. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { collect } from './command.js';
import {
  connectionOptions,
  outputOptions,
  parseCount,
  parsePolicy,
  type ConnectionFlags,
  type OutputFlags,
} from './image-flags.js';

/** The flags of `image pull` as commander parses them. */
export interface PullFlags extends ConnectionFlags, OutputFlags {
  imagesDir: string;
  platform?: string[];
  concurrency?: number;
  policy?: 'strict' | 'warn';
  check?: boolean;
}

/** registerPull adds `image pull`. */
export function registerPull(image: Command, io: CliIo): void {
  const cmd = image
    .command('pull')
    .description('pull images from their registries into a local OCI image layout')
    .argument('<ref...>', 'image references (nginx:1.25, quay.io/org/app:v1, host:5000/app@sha256:…)')
    .requiredOption('--images-dir <dir>', 'the OCI image layout to pull into (created when missing)')
    .option('--platform <os/arch>', 'keep only this platform (repeatable; default all)', collect)
    .option('--concurrency <n>', 'images pulled at the same time (default 3)', parseCount)
    .option('--policy <policy>', 'strict: a missing platform fails the image; warn: skip it', parsePolicy)
    .option('--check', 'resolve every image and report what would be pulled; write nothing');
  outputOptions(connectionOptions(cmd))
    .addHelpText('after', '\nExit status: 0 every image pulled, 1 usage error, 2 an image failed.')
    .action(async (refs: string[], flags: PullFlags) => {
      // The implementation (registry client, store, progress) loads only when pull runs: issue 7.
      const { pullAction } = await import('./image-pull-action.js');
      await pullAction(io, refs, flags);
    });
}
