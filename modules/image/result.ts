/** Building the registered result of an image task (DESIGN.md §4): `stdout`, `changed`, `data.images`. */
import type { CopyResult } from '../../src/copy/index.js';
import { DeckhandError } from '../../src/errors.js';
import type { ModuleResult } from '../../src/module.js';
import { formatPlatform } from '../../src/oci/platform.js';
import type { ImageData, ImageEntry, Policy } from './types.js';

/** entryOf turns one copy's result into its `data.images[]` entry. */
export function entryOf(r: CopyResult, source: string, destination: string): ImageEntry {
  const e: ImageEntry = {
    source,
    destination,
    digest: r.digest,
    source_digest: r.sourceDigest,
    digest_changed: r.digestChanged,
    platforms: r.platforms.map(formatPlatform),
    bytes_transferred: r.bytesTransferred,
    bytes_skipped: r.bytesSkipped,
    status: r.status,
    warnings: [...r.warnings],
    error: r.error ? r.error.message : null,
    error_code: r.error ? r.error.code : null,
  };
  return e;
}

/** failedEntry is the entry of an image that failed before its copy started (a bad dest, say). */
export function failedEntry(source: string, destination: string, error: DeckhandError): ImageEntry {
  return {
    source,
    destination,
    digest: '',
    source_digest: '',
    digest_changed: false,
    platforms: [],
    bytes_transferred: 0,
    bytes_skipped: 0,
    status: 'failed',
    warnings: [],
    error: error.message,
    error_code: error.code,
  };
}

/** imageData sums a list of entries into the registered `data`. */
export function imageData(images: ImageEntry[]): ImageData {
  return {
    images,
    bytes_transferred: images.reduce((n, i) => n + i.bytes_transferred, 0),
    bytes_skipped: images.reduce((n, i) => n + i.bytes_skipped, 0),
    failed: images.filter((i) => i.status === 'failed').length,
  };
}

/**
 * moduleResult: `stdout` is `Success` (or `skip` when nothing matched), `changed` when bytes moved (or,
 * under --check, would move). Under `strict` any failed image fails the task, naming every failed image;
 * under `warn` they are reported in `data` and `msg` and the task goes on.
 */
export function moduleResult(images: ImageEntry[], policy: Policy, check: boolean): ModuleResult {
  const data = imageData(images);
  const failed = images.filter((i) => i.status === 'failed');
  const changed = images.some(
    (i) => i.status === 'done' || i.status === 'would_copy' || (!check && i.bytes_transferred > 0),
  );
  if (images.length === 0) return { changed: false, stdout: 'skip', msg: 'no image matched', data };
  const counts = `${images.length} image${images.length === 1 ? '' : 's'}`;
  if (failed.length === 0) {
    const moved = check
      ? `${images.filter((i) => i.status === 'would_copy').length} would be copied`
      : `${formatBytes(data.bytes_transferred)} transferred, ${formatBytes(data.bytes_skipped)} already present`;
    return { changed, stdout: 'Success', msg: `${counts}: ${moved}`, data };
  }
  const list = failed.map((i) => `${i.source}: ${i.error ?? 'failed'}`);
  const msg = `${failed.length} of ${counts} failed: ${list.join('; ')}`;
  if (policy === 'warn') return { changed, stdout: 'Success', msg, data };
  return { changed, failed: true, stdout: 'Failed', msg, data };
}

/** formatBytes prints a byte count for people: `0 B`, `1.5 KiB`, `12.0 MiB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}
