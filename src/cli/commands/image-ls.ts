/** `deckhand image ls --images-dir DIR`: every image in a local OCI image layout. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** The flags of `image ls` as commander parses them. */
export interface LsFlags {
  imagesDir: string;
  json?: boolean;
  quiet?: boolean;
}

/** registerLs adds `image ls`. */
export function registerLs(image: Command, io: CliIo): void {
  image
    .command('ls')
    .description('list the images of a local OCI image layout')
    .requiredOption('--images-dir <dir>', 'the OCI image layout')
    .option('--json', 'print a JSON array')
    .option('-q, --quiet', 'print only the references')
    .action(async (flags: LsFlags) => {
      // The implementation (the store) loads only when ls runs: issue 7.
      const { lsAction } = await import('./image-ls-action.js');
      await lsAction(io, flags);
    });
}
