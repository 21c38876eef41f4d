/** Descriptors (OCI image-spec v1.1 descriptor.md). */
import { DeckhandError } from '../errors.js';
import { parseDigest } from './digest.js';

/** Platform of an image manifest, as in an index entry or an image config. */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  features?: string[];
}

/** Descriptor points at content by media type, digest and size. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
  data?: string;
}

/** Annotation keys we read and write in index.json (DESIGN.md §5). */
export const ANNOTATION_REF_NAME = 'org.opencontainers.image.ref.name';
export const ANNOTATION_CONTAINERD_NAME = 'io.containerd.image.name';

/** validateDescriptor checks the fields every descriptor must have; throws E_DIGEST or E_MEDIA_TYPE. */
export function validateDescriptor(d: unknown, where = 'descriptor'): Descriptor {
  if (!d || typeof d !== 'object') throw new DeckhandError('E_MEDIA_TYPE', `${where}: not an object`);
  const x = d as Record<string, unknown>;
  if (typeof x.mediaType !== 'string' || x.mediaType === '') {
    throw new DeckhandError('E_MEDIA_TYPE', `${where}: missing mediaType`);
  }
  if (typeof x.digest !== 'string') throw new DeckhandError('E_DIGEST', `${where}: missing digest`);
  parseDigest(x.digest);
  if (typeof x.size !== 'number' || !Number.isSafeInteger(x.size) || x.size < 0) {
    throw new DeckhandError('E_MEDIA_TYPE', `${where}: size must be a non-negative integer`);
  }
  return x as unknown as Descriptor;
}

/** descriptorKey identifies content regardless of annotations (for dedupe). */
export function descriptorKey(d: Descriptor): string {
  return d.digest;
}
