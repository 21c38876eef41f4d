/** What `deckhand image rm | gc | fsck | import-kubekey` do once their flags are parsed; loaded only when one runs. */
import { resolve } from 'node:path';
import { DeckhandError } from '../../errors.js';
import { LayoutStore } from '../../store/index.js';
import type { CliIo } from '../io.js';
import { bytes } from '../progress.js';
import type { StoreFlags } from './image-store.js';

function open(io: CliIo, flags: StoreFlags, create = false): Promise<LayoutStore> {
  return LayoutStore.open(resolve(io.cwd, flags.imagesDir), { create });
}

function print(io: CliIo, flags: StoreFlags, json: unknown, text: () => string): void {
  if (flags.json) io.out(`${JSON.stringify(json, null, 2)}\n`);
  else if (!flags.quiet) io.out(text());
}

/** rm untags references; exit 2 when one was not there. */
export async function rm(io: CliIo, refs: string[], flags: StoreFlags): Promise<void> {
  const store = await open(io, flags);
  const removed: string[] = [];
  const missing: string[] = [];
  for (const ref of refs) ((await store.untag(ref)) ? removed : missing).push(ref);
  print(io, flags, { removed, missing }, () => removed.map((r) => `untagged ${r}\n`).join(''));
  for (const m of missing) if (!flags.json) io.err(`error: ${m} is not in ${store.root}\n`);
  io.exitCode = missing.length ? 2 : 0;
}

/** gc deletes unreachable blobs and interrupted writes older than the grace period. */
export async function gc(io: CliIo, flags: StoreFlags): Promise<void> {
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

/** fsck re-hashes every blob and checks every reference; exit 2 on damage. */
export async function fsck(io: CliIo, flags: StoreFlags): Promise<void> {
  const report = await (await open(io, flags)).fsck({ repair: flags.repair });
  print(io, flags, report, () =>
    [
      ...report.problems.map((p) => `${p.kind.padEnd(8)} ${p.message}${p.repaired ? ' (removed)' : ''}\n`),
      `${report.ok ? 'ok' : 'damaged'}: ${report.blobsChecked} blobs (${bytes(report.bytesChecked)}), ${report.references} references, ${report.problems.length} problems\n`,
    ].join(''),
  );
  io.exitCode = report.ok ? 0 : 2;
}

/** importKubeKey imports KubeKey's image directory; exit 2 when some images were skipped. */
export async function importKubeKey(io: CliIo, src: string, flags: StoreFlags): Promise<void> {
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
