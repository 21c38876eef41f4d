/**
 * The seed layout: every set written once as a standard OCI image layout under bench/work, reused
 * by later runs (the data is deterministic; a stamp file records what was generated). The bench
 * then copies it into the registries with deckhand's own copy engine.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Descriptor } from '../../src/oci/descriptor.js';
import { OCI_CONFIG, OCI_INDEX, OCI_LAYER_GZIP, OCI_MANIFEST } from '../../src/oci/media-types.js';
import { writeLayer } from './blob-gen.js';
import type { ImageSpec, SetSpec } from './sets.js';

/** The host name images carry inside the seed layout (the bench maps it to the real registry). */
export const SEED_HOST = 'bench.local';

/** seedRef is the name of `img` in the seed layout. */
export function seedRef(img: ImageSpec): string {
  return `${SEED_HOST}/${img.repository}:${img.tag}`;
}

async function putJson(blobs: string, mediaType: string, doc: unknown, extra: Partial<Descriptor> = {}) {
  const bytes = Buffer.from(JSON.stringify(doc));
  const hex = createHash('sha256').update(bytes).digest('hex');
  await writeFile(join(blobs, hex), bytes);
  return { mediaType, digest: `sha256:${hex}`, size: bytes.length, ...extra } as Descriptor;
}

async function writeImage(
  blobs: string,
  set: SetSpec,
  img: ImageSpec,
  platform: string,
): Promise<Descriptor> {
  const [os, architecture] = platform.split('/') as [string, string];
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (let i = 0; i < set.layersPerImage; i++) {
    const l = await writeLayer(blobs, `${set.name}/${img.repository}/${platform}/${i}`, set.layerSize);
    layers.push({ mediaType: OCI_LAYER_GZIP, digest: l.digest, size: l.size });
    diffIds.push(l.diffId);
  }
  const config = await putJson(blobs, OCI_CONFIG, {
    architecture,
    os,
    config: { Labels: { 'deckhand.bench': img.repository } },
    rootfs: { type: 'layers', diff_ids: diffIds },
  });
  return putJson(blobs, OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers }, {});
}

async function writeRoot(blobs: string, set: SetSpec, img: ImageSpec): Promise<Descriptor> {
  if (img.platforms.length === 1) return writeImage(blobs, set, img, img.platforms[0]!);
  const manifests: Descriptor[] = [];
  for (const p of img.platforms) {
    const [os, architecture] = p.split('/') as [string, string];
    manifests.push({ ...(await writeImage(blobs, set, img, p)), platform: { os, architecture } });
  }
  return putJson(blobs, OCI_INDEX, { schemaVersion: 2, mediaType: OCI_INDEX, manifests });
}

/** ensureSeedLayout writes into `dir` the sets a previous run has not written yet; returns `dir`. */
export async function ensureSeedLayout(dir: string, sets: readonly SetSpec[]): Promise<string> {
  const stampFile = join(dir, 'bench-stamp.json');
  const indexFile = join(dir, 'index.json');
  const blobs = join(dir, 'blobs', 'sha256');
  const have: string[] = existsSync(stampFile) ? JSON.parse(await readFile(stampFile, 'utf8')) : [];
  const missing = sets.filter((s) => !have.includes(s.name));
  if (missing.length === 0) return dir;
  if (have.length === 0) await rm(dir, { recursive: true, force: true });
  await mkdir(blobs, { recursive: true });
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}\n');
  const manifests: Descriptor[] =
    have.length > 0
      ? (JSON.parse(await readFile(indexFile, 'utf8')) as { manifests: Descriptor[] }).manifests
      : [];
  for (const set of missing) {
    const t0 = performance.now();
    for (const img of set.images) {
      const root = await writeRoot(blobs, set, img);
      const name = seedRef(img);
      manifests.push({
        ...root,
        annotations: { 'org.opencontainers.image.ref.name': name, 'io.containerd.image.name': name },
      });
    }
    have.push(set.name);
    // Written after each set so an interrupted generation keeps what is complete.
    await writeFile(indexFile, JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }));
    await writeFile(stampFile, JSON.stringify(have));
    console.log(`  generated set ${set.name} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return dir;
}

/** SeedInfo: every blob's size, and each set's roots and blob volume (configs and layers). */
export interface SeedInfo {
  sizes: Map<string, number>;
  volume(set: SetSpec): number;
  /** The digest and size of the largest blob of `set`. */
  largest(set: SetSpec): { digest: string; size: number; repository: string };
}

interface Node {
  mediaType: string;
  digest: string;
  size: number;
  manifests?: Node[];
  config?: Node;
  layers?: Node[];
}

/** readSeedInfo walks the seed layout's graphs. */
export async function readSeedInfo(dir: string): Promise<SeedInfo> {
  const sizes = new Map<string, number>();
  const read = async (d: string): Promise<Node> =>
    JSON.parse(await readFile(join(dir, 'blobs', 'sha256', d.slice('sha256:'.length)), 'utf8')) as Node;
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
    manifests: (Node & { annotations: Record<string, string> })[];
  };
  const blobsOf = new Map<string, Node[]>(); // ref name → config and layer descriptors
  for (const root of index.manifests) {
    const out: Node[] = [];
    const visit = async (n: Node): Promise<void> => {
      sizes.set(n.digest, n.size);
      if (n.mediaType === OCI_INDEX || n.mediaType === OCI_MANIFEST) {
        const doc = await read(n.digest);
        for (const m of doc.manifests ?? []) await visit(m);
        for (const c of [doc.config, ...(doc.layers ?? [])]) {
          if (!c) continue;
          sizes.set(c.digest, c.size);
          out.push(c);
        }
      }
    };
    await visit(root);
    blobsOf.set(root.annotations['org.opencontainers.image.ref.name']!, out);
  }
  const nodes = (set: SetSpec): { node: Node; repository: string }[] =>
    set.images.flatMap((i) =>
      (blobsOf.get(seedRef(i)) ?? []).map((node) => ({ node, repository: i.repository })),
    );
  return {
    sizes,
    volume: (set) => nodes(set).reduce((n, x) => n + x.node.size, 0),
    largest: (set) => {
      const best = nodes(set).reduce((a, b) => (b.node.size > a.node.size ? b : a));
      return { digest: best.node.digest, size: best.node.size, repository: best.repository };
    },
  };
}
