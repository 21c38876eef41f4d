/** Walking an image's graph inside a store (for tag checks, list, gc and fsck) by reading blobs from disk. */
import { readFile } from 'node:fs/promises';
import { DeckhandError } from '../errors.js';
import type { Descriptor, Platform } from '../oci/descriptor.js';
import { digestOf, parseDigest } from '../oci/digest.js';
import { successors } from '../oci/manifest.js';
import { isImageManifest, isManifest } from '../oci/media-types.js';
import { MAX_MANIFEST_BYTES } from '../content/read-all.js';
import { fsError } from './fs-error.js';
import { hasBlob } from './ingest.js';
import { blobPath } from './paths.js';

/** What a walk found: every node reached (by digest) and every descriptor whose blob is missing. */
export interface GraphWalk {
  nodes: Map<string, Descriptor>;
  missing: Descriptor[];
  /** Manifests that exist but cannot be parsed or do not hash to their name. */
  broken: { desc: Descriptor; error: DeckhandError }[];
}

/** readBlobVerified reads a small blob whole and checks its digest; throws E_NOT_FOUND or E_DIGEST_MISMATCH. */
export async function readBlobVerified(root: string, desc: Descriptor): Promise<Buffer> {
  const path = blobPath(root, desc.digest);
  let data: Buffer;
  try {
    if (desc.size > MAX_MANIFEST_BYTES)
      throw new DeckhandError('TOO_LARGE', `${desc.digest} is too large to read whole`);
    data = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DeckhandError('E_NOT_FOUND', `blob ${desc.digest} is not in the store`, {
        cause: e,
        context: { digest: desc.digest, path: root },
      });
    }
    throw fsError(e, path);
  }
  const got = digestOf(data, parseDigest(desc.digest).algorithm);
  if (got !== desc.digest) {
    throw new DeckhandError('E_DIGEST_MISMATCH', `blob ${desc.digest} is corrupt (hashes to ${got})`, {
      context: { digest: desc.digest, path: root },
    });
  }
  return data;
}

/** walkGraph visits `root` and everything it reaches; it never throws for damage, it reports it. */
export async function walkGraph(root: string, top: Descriptor): Promise<GraphWalk> {
  const out: GraphWalk = { nodes: new Map(), missing: [], broken: [] };
  const queue: Descriptor[] = [top];
  while (queue.length > 0) {
    const d = queue.pop() as Descriptor;
    if (out.nodes.has(d.digest)) continue;
    out.nodes.set(d.digest, d);
    if (!(await hasBlob(blobPath(root, d.digest), d.size))) {
      out.missing.push(d);
      continue;
    }
    if (!isManifest(d.mediaType)) continue;
    try {
      queue.push(...successors(d, await readBlobVerified(root, d)));
    } catch (e) {
      const err = e instanceof DeckhandError ? e : new DeckhandError('E_STORE', String(e), { cause: e });
      out.broken.push({ desc: d, error: err });
    }
  }
  return out;
}

/** platformsOf lists the platforms of a root: an index's entries, or an image's config. */
export async function platformsOf(root: string, top: Descriptor): Promise<Platform[]> {
  try {
    const data = await readBlobVerified(root, top);
    const kids = successors(top, data);
    if (isImageManifest(top.mediaType)) {
      const cfg = JSON.parse((await readBlobVerified(root, kids[0])).toString('utf8')) as Partial<Platform>;
      if (!cfg.os || !cfg.architecture) return [];
      return [
        { os: cfg.os, architecture: cfg.architecture, ...(cfg.variant ? { variant: cfg.variant } : {}) },
      ];
    }
    return kids.flatMap((k) => (k.platform ? [k.platform] : []));
  } catch {
    return [];
  }
}
