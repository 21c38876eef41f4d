/**
 * The central abstraction (DESIGN.md §2, after oras-go `content/storage.go` and `target.go`):
 * a registry repository and the local layout store are both Targets, and `copy()` knows only these types.
 */
import type { Readable } from 'node:stream';
import type { Descriptor } from '../oci/descriptor.js';

/** Fetcher reads content by descriptor. The stream is verified (size + digest) by whoever implements it. */
export interface Fetcher {
  /** fetch opens a verified stream of the content; the stream errors with E_DIGEST_MISMATCH on bad bytes. */
  fetch(desc: Descriptor, opts?: FetchOptions): Promise<Readable>;
}

/** Options for a fetch. */
export interface FetchOptions {
  signal?: AbortSignal;
  /** Called with byte counts as the stream is read (for progress). */
  onProgress?: (bytes: number) => void;
}

/** Pusher writes content; implementations verify size and digest before the content becomes visible. */
export interface Pusher {
  /** push consumes `content` and stores it under `desc.digest`; it fails if the bytes do not match `desc`. */
  push(desc: Descriptor, content: Readable, opts?: PushOptions): Promise<void>;
}

/** Options for a push. */
export interface PushOptions {
  signal?: AbortSignal;
  onProgress?: (bytes: number) => void;
  /**
   * A tag the caller will give this manifest next: a registry may PUT the manifest under the tag at
   * once (one request instead of a PUT by digest and another by tag); `tag()` then has nothing to do.
   */
  tag?: string;
}

/** Storage is content-addressed reading and writing. */
export interface Storage extends Fetcher, Pusher {
  /** exists reports whether the content is present (HEAD on a registry, a stat in the store). */
  exists(desc: Descriptor, opts?: { signal?: AbortSignal }): Promise<boolean>;
}

/** Resolver turns a tag or digest reference into a descriptor. */
export interface Resolver {
  /** resolve returns the root descriptor of `reference` (a tag, a digest, or a full reference for a store). */
  resolve(reference: string, opts?: ResolveOptions): Promise<Descriptor>;
}

/** Tagger points a reference at a descriptor that is already stored. */
export interface Tagger {
  tag(desc: Descriptor, reference: string, opts?: { signal?: AbortSignal }): Promise<void>;
}

/** Options of `resolve`. */
export interface ResolveOptions {
  signal?: AbortSignal;
  /**
   * The caller reads the manifest next: a registry may GET it at once and keep the bytes, one request
   * instead of HEAD then GET (a pull of 20 small images: 100 requests instead of 120).
   */
  thenFetch?: boolean;
}

/** Target is what `copy()` reads from and writes to. */
export interface Target extends Storage, Resolver, Tagger {
  /** A short human name for errors and progress (`registry.local/app`, `oci:/srv/images`). */
  readonly name: string;
}

/**
 * Mounter is an optional capability: a repository can ask its registry to mount a blob from
 * another repository of the same registry instead of uploading it.
 */
export interface Mounter {
  /** mount returns true when the registry mounted the blob, false when it must be uploaded. */
  mount(desc: Descriptor, fromRepository: string, opts?: { signal?: AbortSignal }): Promise<boolean>;
  /** The registry host, to decide whether a mount can work. */
  readonly registryHost: string;
  /** The repository path on that registry. */
  readonly repositoryPath: string;
}

/** isMounter tells whether a Target can mount blobs. */
export function isMounter(t: unknown): t is Mounter {
  return !!t && typeof (t as Mounter).mount === 'function' && typeof (t as Mounter).registryHost === 'string';
}

/** ReadOnlyTarget marks targets that cannot be written (errors say so instead of failing obscurely). */
export type ReadOnlyTarget = Fetcher & Resolver & Pick<Storage, 'exists'> & { readonly name: string };
