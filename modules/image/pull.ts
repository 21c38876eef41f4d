/**
 * Pull: registry → local store (`image.pull` and `deckhand image pull`). Each image is stored and
 * tagged under its full normalised reference, so one store holds many registries (DESIGN.md §5).
 */
import type { Reference } from '../../src/oci/reference.js';
import { runCopies, type ImageJob, type RunCopiesOptions } from './run-copies.js';
import type { ImageEntry } from './types.js';

/** pullJobs makes one job per reference: from its registry into the store at `imagesDir`. */
export function pullJobs(refs: readonly Reference[], imagesDir: string): ImageJob[] {
  return refs.map((ref) => ({
    image: ref.toString(),
    src: { kind: 'registry', ref },
    srcRef: ref.toString(),
    dst: { kind: 'store', dir: imagesDir },
    dstRef: ref.toString(),
  }));
}

/** pullImages pulls `refs` into `imagesDir` (created when missing); one entry per image, never throws for one image. */
export async function pullImages(
  refs: readonly Reference[],
  imagesDir: string,
  opts: RunCopiesOptions = {},
): Promise<ImageEntry[]> {
  return runCopies(pullJobs(refs, imagesDir), opts);
}
