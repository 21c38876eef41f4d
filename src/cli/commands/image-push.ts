/** `deckhand image push --images-dir DIR --dest TEMPLATE`: the image module's push from the command line. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import {
  connectionOptions,
  outputOptions,
  parseCount,
  type ConnectionFlags,
  type OutputFlags,
} from './image-flags.js';

/** The flags of `image push` as commander parses them. */
export interface PushFlags extends ConnectionFlags, OutputFlags {
  imagesDir: string;
  dest: string;
  srcPattern?: string;
  namespaceOverride?: string;
  concurrency?: number;
  check?: boolean;
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
    .action(async (flags: PushFlags) => {
      // The implementation (templates, registry client, store) loads only when push runs: issue 7.
      const { pushAction } = await import('./image-push-action.js');
      await pushAction(io, flags);
    });
}
