/** Reading manifests back from the store's blobs for the manifest endpoints. */
import { readFile } from 'node:fs/promises';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from '../oci/media-types.js';
import { blobPath } from '../store/index.js';
import { WireError } from './wire-errors.js';

/** readSmallBlob reads a manifest blob whole (callers check its size first). */
export async function readSmallBlob(root: string, digest: string): Promise<Buffer> {
  try {
    return await readFile(blobPath(root, digest));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new WireError('MANIFEST_UNKNOWN', 'manifest unknown', { digest });
    }
    throw e;
  }
}

/** sniffManifestType reads a manifest's media type from its JSON (field, or shape for OCI); undefined if not one. */
export function sniffManifestType(bytes: Buffer): string | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object' || doc.schemaVersion !== 2) return undefined;
  const mt = doc.mediaType;
  if (mt === OCI_INDEX || mt === OCI_MANIFEST || mt === DOCKER_MANIFEST || mt === DOCKER_MANIFEST_LIST)
    return mt;
  if (mt !== undefined) return undefined;
  if (Array.isArray(doc.manifests)) return OCI_INDEX;
  if (doc.config && Array.isArray(doc.layers)) return OCI_MANIFEST;
  return undefined;
}
