/**
 * Paths inside an OCI image layout (image-spec v1.1 image-layout.md). Every digest is validated
 * here before it becomes a path, so `sha256:../../x` can never escape `blobs/`.
 */
import { join } from 'node:path';
import { DeckhandError } from '../errors.js';
import { parseDigest } from '../oci/digest.js';

/** The `oci-layout` file's name and the version we write. */
export const LAYOUT_FILE = 'oci-layout';
export const LAYOUT_VERSION = '1.0.0';
/** The index of tagged roots. */
export const INDEX_FILE = 'index.json';
/** Lock file guarding `index.json` across processes. */
export const LOCK_FILE = 'index.json.lock';
/** Temporary files live here until verified; same filesystem as `blobs/`, so rename is atomic. */
export const INGEST_DIR = 'ingest';
export const BLOBS_DIR = 'blobs';

/** blobPath returns `<root>/blobs/<alg>/<hex>`; throws E_DIGEST for anything that is not a valid digest. */
export function blobPath(root: string, digest: string): string {
  let parsed;
  try {
    parsed = parseDigest(digest);
  } catch (e) {
    throw new DeckhandError('E_DIGEST', (e as Error).message, { cause: e, context: { path: root } });
  }
  return join(root, BLOBS_DIR, parsed.algorithm, parsed.hex);
}

/** blobDir returns the directory of an algorithm's blobs. */
export function blobDir(root: string, algorithm: string): string {
  return join(root, BLOBS_DIR, algorithm);
}

/** ingestDir returns the ingest area of a store. */
export function ingestDir(root: string): string {
  return join(root, INGEST_DIR);
}

/** indexPath returns `<root>/index.json`. */
export function indexPath(root: string): string {
  return join(root, INDEX_FILE);
}

/** lockPath returns the path of the index lock file. */
export function lockPath(root: string): string {
  return join(root, LOCK_FILE);
}

/** layoutPath returns `<root>/oci-layout`. */
export function layoutPath(root: string): string {
  return join(root, LAYOUT_FILE);
}
