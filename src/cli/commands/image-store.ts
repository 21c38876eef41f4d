/** `deckhand image rm | gc | fsck | import-kubekey`: maintenance of a local OCI image layout. */
import { InvalidArgumentError, type Command } from 'commander';
import type { CliIo } from '../io.js';

/** The flags of the maintenance commands as commander parses them. */
export interface StoreFlags {
  imagesDir: string;
  json?: boolean;
  quiet?: boolean;
  dryRun?: boolean;
  repair?: boolean;
  graceSeconds?: number;
}

const DIR = ['--images-dir <dir>', 'the OCI image layout'] as const;

function parseSeconds(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number of seconds.');
  return Number(value);
}

// The implementations (the store) load only when one of these runs: issue 7.
const actions = () => import('./image-store-actions.js');

/** registerStoreCommands adds `image rm`, `gc`, `fsck` and `import-kubekey`. */
export function registerStoreCommands(image: Command, io: CliIo): void {
  image
    .command('rm')
    .description('untag images (their blobs stay until gc)')
    .argument('<ref...>', 'references to untag')
    .requiredOption(...DIR)
    .option('--json', 'print JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', '\nExit status: 0 all untagged, 1 usage error, 2 a reference was not there.')
    .action(async (refs: string[], flags: StoreFlags) => (await actions()).rm(io, refs, flags));
  image
    .command('gc')
    .description('delete blobs no reference reaches, and interrupted writes, older than a grace period')
    .requiredOption(...DIR)
    .option('--dry-run', 'report what would be removed; remove nothing')
    .option(
      '--grace-seconds <n>',
      'keep unreachable blobs younger than this: another process may not have tagged them yet (default 600)',
      parseSeconds,
    )
    .option('--json', 'print JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (flags: StoreFlags) => (await actions()).gc(io, flags));
  image
    .command('fsck')
    .description('re-hash every blob and check every reference’s graph')
    .requiredOption(...DIR)
    .option('--repair', 'delete corrupt blobs so the next pull fetches them again')
    .option('--json', 'print JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', '\nExit status: 0 ok, 1 usage error, 2 damage found.')
    .action(async (flags: StoreFlags) => (await actions()).fsck(io, flags));
  image
    .command('import-kubekey')
    .description("import KubeKey's own image directory into an OCI image layout")
    .argument('<src>', 'the KubeKey image directory (blobs/ + <registry>/<repo>/manifests/)')
    .requiredOption(...DIR)
    .option('--json', 'print JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', '\nExit status: 0 imported, 1 usage error, 2 some images were skipped.')
    .action(async (src: string, flags: StoreFlags) => (await actions()).importKubeKey(io, src, flags));
}
