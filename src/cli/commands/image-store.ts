/** `deckhand image rm | gc | fsck | import-kubekey`: maintenance of a local OCI image layout. */
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { DeckhandError } from '../../errors.js';
import { LayoutStore } from '../../store/index.js';
import type { CliIo } from '../io.js';
import { bytes } from '../progress.js';

interface StoreFlags {
  imagesDir: string;
  json?: boolean;
  quiet?: boolean;
  dryRun?: boolean;
  repair?: boolean;
  graceSeconds?: number;
}

function open(io: CliIo, flags: StoreFlags, create = false): Promise<LayoutStore> {
  return LayoutStore.open(resolve(io.cwd, flags.imagesDir), { create });
}

function print(io: CliIo, flags: StoreFlags, json: unknown, text: () => string): void {
  if (flags.json) io.out(`${JSON.stringify(json, null, 2)}\n`);
  else if (!flags.quiet) io.out(text());
}

async function rm(io: CliIo, refs: string[], flags: StoreFlags): Promise<void> {
  const store = await open(io, flags);
  const removed: string[] = [];
  const missing: string[] = [];
  for (const ref of refs) ((await store.untag(ref)) ? removed : missing).push(ref);
  print(io, flags, { removed, missing }, () => removed.map((r) => `untagged ${r}\n`).join(''));
  for (const m of missing) if (!flags.json) io.err(`error: ${m} is not in ${store.root}\n`);
  io.exitCode = missing.length ? 2 : 0;
}

async function gc(io: CliIo, flags: StoreFlags): Promise<void> {
  const graceMs = flags.graceSeconds === undefined ? undefined : flags.graceSeconds * 1000;
  const report = await (await open(io, flags)).gc({ dryRun: flags.dryRun, graceMs });
  print(
    io,
    flags,
    report,
    () =>
      `${flags.dryRun ? 'would remove' : 'removed'} ${report.removedBlobs.length} blobs (${bytes(report.bytesFreed)}) and ${report.removedIngest.length} interrupted writes\n`,
  );
  io.exitCode = 0;
}

async function fsck(io: CliIo, flags: StoreFlags): Promise<void> {
  const report = await (await open(io, flags)).fsck({ repair: flags.repair });
  print(io, flags, report, () =>
    [
      ...report.problems.map((p) => `${p.kind.padEnd(8)} ${p.message}${p.repaired ? ' (removed)' : ''}\n`),
      `${report.ok ? 'ok' : 'damaged'}: ${report.blobsChecked} blobs (${bytes(report.bytesChecked)}), ${report.references} references, ${report.problems.length} problems\n`,
    ].join(''),
  );
  io.exitCode = report.ok ? 0 : 2;
}

async function importKubeKey(io: CliIo, src: string, flags: StoreFlags): Promise<void> {
  const store = await open(io, flags, true);
  const report = await store.importKubeKey(resolve(io.cwd, src));
  print(io, flags, report, () =>
    [
      ...report.imported.map((i) => `imported ${i.reference} ${i.digest.slice(0, 19)}\n`),
      ...report.skipped.map((s) => `skipped  ${s.reference}: ${s.reason}\n`),
      `${report.imported.length} images imported, ${report.skipped.length} skipped, ${report.blobs} blobs\n`,
    ].join(''),
  );
  if (report.imported.length === 0 && report.skipped.length === 0) {
    throw new DeckhandError('E_STORE', `${src} holds no KubeKey images`, { context: { path: src } });
  }
  io.exitCode = report.skipped.length ? 2 : 0;
}

const DIR = ['--images-dir <dir>', 'the OCI image layout'] as const;

function parseSeconds(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number of seconds.');
  return Number(value);
}

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
    .action((refs: string[], flags: StoreFlags) => rm(io, refs, flags));
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
    .action((flags: StoreFlags) => gc(io, flags));
  image
    .command('fsck')
    .description('re-hash every blob and check every reference’s graph')
    .requiredOption(...DIR)
    .option('--repair', 'delete corrupt blobs so the next pull fetches them again')
    .option('--json', 'print JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', '\nExit status: 0 ok, 1 usage error, 2 damage found.')
    .action((flags: StoreFlags) => fsck(io, flags));
  image
    .command('import-kubekey')
    .description("import KubeKey's own image directory into an OCI image layout")
    .argument('<src>', 'the KubeKey image directory (blobs/ + <registry>/<repo>/manifests/)')
    .requiredOption(...DIR)
    .option('--json', 'print JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', '\nExit status: 0 imported, 1 usage error, 2 some images were skipped.')
    .action((src: string, flags: StoreFlags) => importKubeKey(io, src, flags));
}
