/** Listing a store: one row per tagged root with its platforms and the total size of its graph. */
import type { Descriptor, Platform } from '../oci/descriptor.js';
import { displayName } from './index-entries.js';
import { readIndex } from './index-file.js';
import { platformsOf, walkGraph } from './store-graph.js';

/** One tagged image in a store. */
export interface StoreEntry {
  /** The full reference (or the tag-only name another tool wrote). */
  reference: string;
  digest: string;
  mediaType: string;
  platforms: Platform[];
  /** Bytes of every distinct blob the root reaches, manifests included. */
  totalSize: number;
  /** True when part of the graph is missing or damaged (run fsck). */
  incomplete: boolean;
  descriptor: Descriptor;
}

/** listStore returns every tagged root of the store at `root`, sorted by reference. */
export async function listStore(root: string): Promise<StoreEntry[]> {
  const idx = await readIndex(root);
  const rows: StoreEntry[] = [];
  for (const d of idx.manifests) {
    const walk = await walkGraph(root, d);
    let totalSize = 0;
    for (const n of walk.nodes.values()) totalSize += n.size;
    rows.push({
      reference: displayName(d) ?? d.digest,
      digest: d.digest,
      mediaType: d.mediaType,
      platforms: await platformsOf(root, d),
      totalSize,
      incomplete: walk.missing.length > 0 || walk.broken.length > 0,
      descriptor: d,
    });
  }
  return rows.sort((a, b) => a.reference.localeCompare(b.reference));
}
