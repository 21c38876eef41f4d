/** Finding the media type of a manifest known only by digest (resolve by digest, KubeKey import). */
import { DeckhandError } from '../errors.js';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from '../oci/media-types.js';

/**
 * sniffMediaType reads `mediaType` from manifest JSON, or infers it from the shape (an OCI manifest
 * may omit the field): `manifests` means an index, `config` + `layers` an image manifest.
 * Throws E_MEDIA_TYPE when the bytes are not a manifest.
 */
export function sniffMediaType(bytes: Uint8Array, digest: string): string {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new DeckhandError('E_MEDIA_TYPE', `${digest} is not a manifest (not JSON)`, {
      cause: e,
      context: { digest },
    });
  }
  if (doc && typeof doc === 'object') {
    const mt = doc.mediaType;
    if (mt === OCI_INDEX || mt === OCI_MANIFEST || mt === DOCKER_MANIFEST || mt === DOCKER_MANIFEST_LIST)
      return mt;
    if (mt === undefined && doc.schemaVersion === 2) {
      if (Array.isArray(doc.manifests)) return OCI_INDEX;
      if (doc.config && Array.isArray(doc.layers)) return OCI_MANIFEST;
    }
  }
  throw new DeckhandError('E_MEDIA_TYPE', `${digest} is not an image manifest or index`, {
    context: { digest },
  });
}
