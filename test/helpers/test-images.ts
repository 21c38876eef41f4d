/**
 * Test images made by the tests themselves (DESIGN.md §7): seeded pseudo-random layers, so the same
 * seed always gives the same digests. Images live in memory as a map of digest → bytes plus a root.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { digestOf } from '../../src/oci/digest.js';
import type { Descriptor, Platform } from '../../src/oci/descriptor.js';
import { OCI_CONFIG, OCI_INDEX, OCI_LAYER_GZIP, OCI_MANIFEST } from '../../src/oci/media-types.js';
import type { Target } from '../../src/content/target.js';

/** TestImage: a root descriptor and every blob of its graph (manifests included). */
export interface TestImage {
  root: Descriptor;
  blobs: Map<string, Buffer>;
}

/** seededBytes returns `size` deterministic pseudo-random bytes for `seed`. */
export function seededBytes(seed: string, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let off = 0;
  let counter = 0;
  while (off < size) {
    const block = createHash('sha512').update(`${seed}/${counter++}`).digest();
    off += block.copy(out, off);
  }
  return out;
}

function put(
  blobs: Map<string, Buffer>,
  mediaType: string,
  data: Buffer,
  extra: Partial<Descriptor> = {},
): Descriptor {
  const digest = digestOf(data);
  blobs.set(digest, data);
  return { mediaType, digest, size: data.length, ...extra };
}

/** makeImage builds a single-platform OCI image: config + `layers` layers of `layerSize` bytes each. */
export function makeImage(opts: {
  seed: string;
  layers?: number;
  layerSize?: number;
  platform?: Platform;
}): TestImage {
  const blobs = new Map<string, Buffer>();
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' };
  const layers: Descriptor[] = [];
  for (let i = 0; i < (opts.layers ?? 2); i++) {
    layers.push(put(blobs, OCI_LAYER_GZIP, seededBytes(`${opts.seed}/layer/${i}`, opts.layerSize ?? 1024)));
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: { Labels: { seed: opts.seed } },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
    }),
  );
  const configDesc = put(blobs, OCI_CONFIG, config);
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDesc, layers }),
  );
  const root = put(blobs, OCI_MANIFEST, manifest);
  return { root, blobs };
}

/** makeIndex builds a multi-platform index with one image per platform (default linux/amd64 + linux/arm64). */
export function makeIndex(opts: {
  seed: string;
  platforms?: Platform[];
  layers?: number;
  layerSize?: number;
}): TestImage & { images: TestImage[] } {
  const platforms = opts.platforms ?? [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
  ];
  const blobs = new Map<string, Buffer>();
  const images: TestImage[] = [];
  const manifests: Descriptor[] = [];
  for (const p of platforms) {
    const img = makeImage({
      ...opts,
      seed: `${opts.seed}/${p.os}/${p.architecture}/${p.variant ?? ''}`,
      platform: p,
    });
    images.push(img);
    for (const [d, b] of img.blobs) blobs.set(d, b);
    manifests.push({ ...img.root, platform: p });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }));
  const root = put(blobs, OCI_INDEX, index);
  return { root, blobs, images };
}

/** children returns the blobs of `img` in push order: layers/configs first, manifests, root last. */
export function pushOrder(img: TestImage): Descriptor[] {
  const out: Descriptor[] = [];
  const seen = new Set<string>();
  const visit = (d: Descriptor): void => {
    if (seen.has(d.digest)) return;
    seen.add(d.digest);
    const data = img.blobs.get(d.digest);
    if (!data) throw new Error(`test image lacks ${d.digest}`);
    if (d.mediaType === OCI_INDEX || d.mediaType === OCI_MANIFEST) {
      const doc = JSON.parse(data.toString('utf8')) as {
        manifests?: Descriptor[];
        config?: Descriptor;
        layers?: Descriptor[];
      };
      for (const c of doc.manifests ?? []) visit(c);
      if (doc.config) visit(doc.config);
      for (const l of doc.layers ?? []) visit(l);
    }
    out.push({ mediaType: d.mediaType, digest: d.digest, size: d.size });
  };
  visit(img.root);
  return out;
}

/** pushImage writes a test image into any Target and tags its root as `reference`. */
export async function pushImage(target: Target, img: TestImage, reference: string): Promise<void> {
  for (const d of pushOrder(img)) {
    if (await target.exists(d)) continue;
    await target.push(d, Readable.from([img.blobs.get(d.digest) as Buffer]));
  }
  await target.tag(img.root, reference);
}
