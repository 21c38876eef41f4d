/**
 * The transfer benchmark's image sets (issue 7): sizes, counts and names. Layers are seeded random
 * bytes wrapped in stored (level-0) gzip, so they are real gzip layers no tool recompresses.
 */
import { DeckhandError } from '../../src/errors.js';

/** One image of a set: its repository path and its platforms (one, or several for an index). */
export interface ImageSpec {
  /** Repository path under the registry, e.g. `bench/small-03`. */
  repository: string;
  tag: string;
  platforms: string[];
}

/** A named set of images that all have the same shape. */
export interface SetSpec {
  name: string;
  images: ImageSpec[];
  layersPerImage: number;
  /** Uncompressed bytes of each layer; the gzip blob is a few bytes larger. */
  layerSize: number;
}

const MiB = 1024 * 1024;

function repeat(prefix: string, n: number, platforms: string[] = ['linux/amd64']): ImageSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    repository: n === 1 ? `bench/${prefix}` : `bench/${prefix}-${String(i + 1).padStart(2, '0')}`,
    tag: 'v1',
    platforms,
  }));
}

/** SETS are the four sets of issue 7, in the order they run. */
export const SETS: readonly SetSpec[] = [
  { name: 'small', images: repeat('small', 20), layersPerImage: 3, layerSize: MiB },
  { name: 'medium', images: repeat('medium', 4), layersPerImage: 4, layerSize: 32 * MiB },
  { name: 'big', images: repeat('big', 1), layersPerImage: 1, layerSize: 512 * MiB },
  {
    name: 'multiarch',
    images: repeat('multiarch', 1, ['linux/amd64', 'linux/arm64']),
    layersPerImage: 3,
    layerSize: 4 * MiB,
  },
];

/** selectSets reads `BENCH_SETS` (comma-separated names; default all) and rejects unknown names. */
export function selectSets(env: string | undefined): SetSpec[] {
  if (!env || env.trim() === '' || env.trim() === 'all') return [...SETS];
  const names = env
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.map((n) => {
    const s = SETS.find((x) => x.name === n);
    if (!s) {
      throw new DeckhandError(
        'E_USAGE',
        `BENCH_SETS: unknown set "${n}" (known: ${SETS.map((x) => x.name).join(', ')})`,
      );
    }
    return s;
  });
}

/** setBytes is the approximate blob volume of a set (layers only), for messages. */
export function setBytes(s: SetSpec): number {
  const platforms = s.images.reduce((n, i) => n + i.platforms.length, 0);
  return platforms * s.layersPerImage * s.layerSize;
}
