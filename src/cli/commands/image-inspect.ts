/** `deckhand image inspect REF (--images-dir DIR | remote)`: a root's digest, media type, platforms, manifest. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { connectionOptions, type ConnectionFlags } from './image-flags.js';

/** The flags of `image inspect` as commander parses them. */
export interface InspectFlags extends ConnectionFlags {
  imagesDir?: string;
  json?: boolean;
}

/** registerInspect adds `image inspect`. */
export function registerInspect(image: Command, io: CliIo): void {
  const cmd = image
    .command('inspect')
    .description('show an image: digest, media type, platforms and manifest (from a layout or a registry)')
    .argument('<ref>', 'image reference')
    .option('--images-dir <dir>', 'look in this OCI image layout instead of the registry')
    .option('--json', 'print JSON, with the whole manifest');
  connectionOptions(cmd).action(async (ref: string, flags: InspectFlags) => {
    // The implementation (registry client, store) loads only when inspect runs: issue 7.
    const { inspectAction } = await import('./image-inspect-action.js');
    await inspectAction(io, ref, flags);
  });
}
