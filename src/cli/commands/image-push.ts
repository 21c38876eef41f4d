/** `deckhand image push --images-dir DIR --dest TEMPLATE`: the image module's push from the command line. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { compilePattern } from '../../../modules/image/arg-error.js';
import { destAuths, pushJobs } from '../../../modules/image/push.js';
import { runCopies } from '../../../modules/image/run-copies.js';
import { renderString } from '../../engine/template.js';
import type { CliIo } from '../io.js';
import {
  connection,
  connectionOptions,
  outputOptions,
  parseCount,
  type ConnectionFlags,
  type OutputFlags,
  transfer,
} from './image-options.js';

interface PushFlags extends ConnectionFlags, OutputFlags {
  imagesDir: string;
  dest: string;
  srcPattern?: string;
  namespaceOverride?: string;
  concurrency?: number;
  check?: boolean;
}

async function action(io: CliIo, flags: PushFlags): Promise<void> {
  const place = { prefix: '--' };
  const jobs = await pushJobs({
    imagesDir: resolve(io.cwd, flags.imagesDir),
    srcPattern: compilePattern(place, 'src-pattern', flags.srcPattern),
    namespaceOverride: flags.namespaceOverride,
    renderDest: (reference) =>
      renderString(flags.dest, { module: { image: { src: { reference } } } }, { field: '--dest' }),
    place,
  });
  const conn = connection(flags, io.cwd);
  const creds = flags.creds ?? {};
  await transfer(io, flags, conn, jobs.length, 'push', (shared) =>
    runCopies(jobs, { ...shared, auths: destAuths(jobs, [], creds), concurrency: flags.concurrency }),
  );
}

/** registerPush adds `image push`. */
export function registerPush(image: Command, io: CliIo): void {
  const cmd = image
    .command('push')
    .description('push the images of a local OCI image layout to a registry')
    .requiredOption('--images-dir <dir>', 'the OCI image layout to push from')
    .requiredOption(
      '--dest <template>',
      'destination per image, with {{module.image.src.reference.registry|repository|reference}}',
    )
    .option('--src-pattern <regex>', 'push only stored references matching this (default all)')
    .option('--namespace-override <ns>', "replace each repository's namespace (library/nginx → NS/nginx)")
    .option('--concurrency <n>', 'images pushed at the same time (default 3)', parseCount)
    .option('--check', 'resolve every image and report what would be pushed; write nothing');
  outputOptions(connectionOptions(cmd, 'credentials for the destination registries'))
    .addHelpText(
      'after',
      '\nExample:\n  deckhand image push --images-dir ./images \\\n' +
        "    --dest 'registry.local:5000/{{module.image.src.reference.repository}}:{{module.image.src.reference.reference}}'\n" +
        '\nExit status: 0 every image pushed, 1 usage error, 2 an image failed.',
    )
    .action((flags: PushFlags) => action(io, flags));
}
