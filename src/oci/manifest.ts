/** Manifests and indexes (OCI image-spec v1.1), and the successors of a node in the image graph. */
import { DeckhandError } from '../errors.js';
import { validateDescriptor, type Descriptor } from './descriptor.js';
import { isImageManifest, isIndex } from './media-types.js';

/** Image manifest (OCI or Docker schema 2). */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** Image index (OCI) or manifest list (Docker). */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** parseManifestJson parses manifest bytes; throws E_MEDIA_TYPE with a clear message on malformed content. */
export function parseManifestJson(bytes: Uint8Array, mediaType: string): ImageManifest | ImageIndex {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw new DeckhandError('E_MEDIA_TYPE', `manifest (${mediaType}) is not valid JSON`, { cause: e });
  }
  if (!doc || typeof doc !== 'object')
    throw new DeckhandError('E_MEDIA_TYPE', `manifest is not a JSON object`);
  const m = doc as Record<string, unknown>;
  if (isIndex(mediaType)) {
    if (!Array.isArray(m.manifests)) throw new DeckhandError('E_MEDIA_TYPE', `index has no "manifests" list`);
    m.manifests.forEach((d, i) => validateDescriptor(d, `index manifests[${i}]`));
  } else if (isImageManifest(mediaType)) {
    validateDescriptor(m.config, 'manifest config');
    if (!Array.isArray(m.layers)) throw new DeckhandError('E_MEDIA_TYPE', `manifest has no "layers" list`);
    m.layers.forEach((d, i) => validateDescriptor(d, `manifest layers[${i}]`));
  } else {
    throw new DeckhandError('E_MEDIA_TYPE', `unsupported manifest media type "${mediaType}"`);
  }
  return doc as ImageManifest | ImageIndex;
}

/**
 * successors lists the children of a node: an index's manifests, or a manifest's config and layers
 * Blobs have none. A `subject` (referrers) is not followed: it points at an image that already exists.
 */
export function successors(desc: Descriptor, bytes: Uint8Array): Descriptor[] {
  if (isIndex(desc.mediaType)) {
    const idx = parseManifestJson(bytes, desc.mediaType) as ImageIndex;
    return [...idx.manifests];
  }
  if (isImageManifest(desc.mediaType)) {
    const m = parseManifestJson(bytes, desc.mediaType) as ImageManifest;
    return [m.config, ...m.layers];
  }
  return [];
}
