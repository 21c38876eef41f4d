/** `deckhand image pull REF... --images-dir DIR`: the image module's pull from the command line. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { checkPlatforms } from '../../../modules/image/arg-error.js';
import { parseManifests } from '../../../modules/image/manifests.js';
import { pullImages } from '../../../modules/image/pull.js';
import type { CliIo } from '../io.js';
import { collect } from './command.js';
import {
  connection,
  connectionOptions,
  outputOptions,
  parseCount,
  parsePolicy,
  type ConnectionFlags,
  type OutputFlags,
  transfer,
} from './image-options.js';

interface PullFlags extends ConnectionFlags, OutputFlags {
  imagesDir: string;
  platform?: string[];
  concurrency?: number;
  policy?: 'strict' | 'warn';
  check?: boolean;
}

async function action(io: CliIo, refs: string[], flags: PullFlags): Promise<void> {
  const parsed = parseManifests(refs, { prefix: '' }, 'REF');
  checkPlatforms({ prefix: '--' }, 'platform', flags.platform);
  const conn = connection(flags, io.cwd);
  await transfer(io, flags, conn, parsed.length, 'pull', (shared) =>
    pullImages(parsed, resolve(io.cwd, flags.imagesDir), {
      ...shared,
      auths: conn.auths(parsed.map((r) => r.registry)),
      platforms: flags.platform,
      policy: flags.policy,
      concurrency: flags.concurrency,
    }),
  );
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
    .action((refs: string[], flags: PullFlags) => action(io, refs, flags));
}
