/** `deckhand image ls --images-dir DIR`: every image in a local OCI image layout. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatPlatform } from '../../oci/platform.js';
import { LayoutStore } from '../../store/index.js';
import type { CliIo } from '../io.js';
import { bytes } from '../progress.js';

interface LsFlags {
  imagesDir: string;
  json?: boolean;
  quiet?: boolean;
}

async function action(io: CliIo, flags: LsFlags): Promise<void> {
  const store = await LayoutStore.open(resolve(io.cwd, flags.imagesDir));
  const rows = (await store.list()).map((r) => ({
    reference: r.reference,
    digest: r.digest,
    mediaType: r.mediaType,
    platforms: r.platforms.map(formatPlatform),
    size: r.totalSize,
    incomplete: r.incomplete,
  }));
  if (flags.json) io.out(`${JSON.stringify(rows, null, 2)}\n`);
  else if (flags.quiet) for (const r of rows) io.out(`${r.reference}\n`);
  else {
    const table = [['REFERENCE', 'DIGEST', 'PLATFORMS', 'SIZE']].concat(
      rows.map((r) => [
        r.reference + (r.incomplete ? ' (incomplete)' : ''),
        r.digest.slice(0, 19),
        r.platforms.join(',') || '-',
        bytes(r.size),
      ]),
    );
    const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
    for (const row of table)
      io.out(
        `${row
          .map((cell, c) => cell.padEnd(widths[c]!))
          .join('  ')
          .trimEnd()}\n`,
      );
  }
  io.exitCode = 0;
}

/** registerLs adds `image ls`. */
export function registerLs(image: Command, io: CliIo): void {
  image
    .command('ls')
    .description('list the images of a local OCI image layout')
    .requiredOption('--images-dir <dir>', 'the OCI image layout')
    .option('--json', 'print a JSON array')
    .option('-q, --quiet', 'print only the references')
    .action((flags: LsFlags) => action(io, flags));
}
