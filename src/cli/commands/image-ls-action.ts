/** What `deckhand image ls` does once its flags are parsed; loaded only when ls runs. */
import { resolve } from 'node:path';
import { formatPlatform } from '../../oci/platform.js';
import { LayoutStore } from '../../store/index.js';
import type { CliIo } from '../io.js';
import { bytes } from '../progress.js';
import type { LsFlags } from './image-ls.js';

/** lsAction prints the images of a layout as a table, JSON or references, and sets the exit code. */
export async function lsAction(io: CliIo, flags: LsFlags): Promise<void> {
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
