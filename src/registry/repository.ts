/**
 * Repository: one repository of a registry as a Target (DESIGN.md §2) with the Mounter capability.
 * Manifests and blobs share `fetch`/`push`/`exists`; the media type decides the endpoint.
 */
import { Readable } from 'node:stream';
import type { FetchOptions, Mounter, PushOptions, ResolveOptions, Target } from '../content/target.js';
import { DeckhandError } from '../errors.js';
import { digestOf, isDigest, parseDigest } from '../oci/digest.js';
import type { Descriptor } from '../oci/descriptor.js';
import { isManifest } from '../oci/media-types.js';
import { parseReference, tryParseReference, type Reference } from '../oci/reference.js';
import { repositoryScope } from './auth/authorizer.js';
import { openBlob, type DownloadStats } from './blob-download.js';
import { cancelUpload, uploadBlob } from './blob-upload.js';
import { registryClient, type RegistryClient } from './client.js';
import { RegistryError } from './errors.js';
import { dump, header, readStreamLimited } from './http.js';
import {
  getManifest,
  headManifest,
  MANIFEST_ACCEPT,
  putManifest,
  type FetchedManifest,
  type ManifestCtx,
} from './manifests.js';
import { MANIFEST_LIMIT, type RepositoryOptions } from './options.js';
import { listPaged } from './paging.js';

const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** How many manifests a repository keeps in memory (just pushed or fetched), so `tag()` need not re-fetch. */
const MANIFEST_CACHE_SIZE = 64;

/** Repository is a registry repository; see openRepository. */
export class Repository implements Target, Mounter {
  readonly name: string;
  readonly registryHost: string;
  readonly repositoryPath: string;
  /** Download statistics summed over this repository's fetches. */
  readonly downloadStats: DownloadStats = { resumes: 0 };
  private readonly cache = new Map<string, Buffer>();
  /** Tags this client PUT a manifest under, and that manifest's digest. */
  private readonly tagged = new Map<string, string>();

  constructor(
    readonly client: RegistryClient,
    repository: string,
  ) {
    this.registryHost = client.registry;
    this.repositoryPath = repository;
    this.name = `${client.registry}/${repository}`;
  }

  private ctx(
    actions: 'pull' | 'pull,push' | 'delete',
    signal?: AbortSignal,
    extra: string[] = [],
  ): ManifestCtx {
    const scopes = [repositoryScope(this.repositoryPath, actions), ...extra];
    return { client: this.client, repository: this.repositoryPath, scopes, context: this.context(), signal };
  }

  private context(): { registry: string; repository: string } {
    return { registry: this.registryHost, repository: this.repositoryPath };
  }

  private remember(digest: string, bytes: Buffer): void {
    this.cache.delete(digest);
    this.cache.set(digest, bytes);
    if (this.cache.size > MANIFEST_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** tagOf is the tag of a push's `tag` option; undefined for none, a digest or a malformed one. */
  private tagOf(reference: string | undefined): string | undefined {
    if (reference === undefined) return undefined;
    try {
      const ref = this.referenceOf(reference);
      return TAG.test(ref) ? ref : undefined;
    } catch {
      return undefined; // tag() reports it
    }
  }

  /** referenceOf accepts a tag, a digest, or a full reference (whose tag or digest is used). */
  private referenceOf(reference: string): string {
    if (isDigest(reference) || TAG.test(reference)) return reference;
    // Something shaped like a digest must be a valid one, not a reference named "sha256" with a tag.
    if (/^sha(256|512):/.test(reference)) parseDigest(reference);
    const r = tryParseReference(reference);
    if (r) return r.reference;
    throw new DeckhandError('E_REFERENCE', `"${reference}" is neither a tag nor a digest`, {
      context: this.context(),
    });
  }

  /**
   * resolve returns the descriptor a tag or digest points at: HEAD, then GET when HEAD says too little;
   * with `thenFetch`, GET at once (the bytes are kept for the fetch that follows).
   */
  async resolve(reference: string, opts: ResolveOptions = {}): Promise<Descriptor> {
    const ref = this.referenceOf(reference);
    if (opts.thenFetch) return (await this.fetchManifest(ref, opts)).descriptor;
    const ctx = this.ctx('pull', opts.signal);
    const head = await headManifest(ctx, ref);
    if (head) return head;
    return (await this.fetchManifest(ref, opts)).descriptor;
  }

  /** fetchManifest GETs a manifest by tag or digest, verifies it, and keeps its bytes for `tag()`. */
  async fetchManifest(
    reference: string,
    opts: { signal?: AbortSignal; expected?: Descriptor } = {},
  ): Promise<FetchedManifest> {
    const ref = this.referenceOf(reference);
    const cached = isDigest(ref) ? this.cache.get(ref) : undefined;
    if (cached && opts.expected) return { descriptor: opts.expected, bytes: cached };
    const m = await getManifest(this.ctx('pull', opts.signal), ref, opts.expected);
    this.remember(m.descriptor.digest, m.bytes);
    return m;
  }

  /** fetch opens a verified stream of a manifest or blob; blob downloads resume after a broken connection. */
  async fetch(desc: Descriptor, opts: FetchOptions = {}): Promise<Readable> {
    parseDigest(desc.digest);
    if (isManifest(desc.mediaType)) {
      const m = await this.fetchManifest(desc.digest, { signal: opts.signal, expected: desc });
      opts.onProgress?.(m.bytes.length);
      return Readable.from([m.bytes]);
    }
    const stats: DownloadStats = { resumes: 0 };
    const stream = await openBlob(
      this.client,
      this.repositoryPath,
      desc,
      this.ctx('pull').scopes,
      this.context(),
      {
        ...opts,
        stats,
      },
    );
    stream.on('end', () => void (this.downloadStats.resumes += stats.resumes));
    return stream;
  }

  /** exists asks with HEAD whether a manifest or blob is present. */
  async exists(desc: Descriptor, opts: { signal?: AbortSignal } = {}): Promise<boolean> {
    parseDigest(desc.digest);
    const kind = isManifest(desc.mediaType) ? 'manifests' : 'blobs';
    const res = await this.client.request({
      method: 'HEAD',
      path: `/v2/${this.repositoryPath}/${kind}/${desc.digest}`,
      headers: kind === 'manifests' ? { accept: MANIFEST_ACCEPT } : {},
      scopes: this.ctx('pull').scopes,
      expect: [200, 404],
      subject: kind === 'manifests' ? 'manifest' : 'blob',
      context: { ...this.context(), digest: desc.digest },
      signal: opts.signal,
    });
    await dump(res);
    return res.status === 200;
  }

  /** push uploads a blob (POST + PUT) or PUTs a manifest by digest; the bytes must match `desc`. */
  async push(desc: Descriptor, content: Readable, opts: PushOptions = {}): Promise<void> {
    parseDigest(desc.digest);
    const ctx = this.ctx('pull,push', opts.signal);
    if (!isManifest(desc.mediaType)) {
      await uploadBlob({ ...ctx }, desc, content, { ...opts, chunkSize: this.client.options.chunkSize });
      return;
    }
    const bytes = await readStreamLimited(content, MANIFEST_LIMIT);
    if (!bytes)
      throw new RegistryError(
        'TOO_LARGE',
        `${this.name}: manifest ${desc.digest} is over ${MANIFEST_LIMIT} bytes`,
      );
    const got = digestOf(bytes, parseDigest(desc.digest).algorithm);
    if (got !== desc.digest || bytes.length !== desc.size) {
      throw new DeckhandError(
        'E_DIGEST_MISMATCH',
        `${this.name}: manifest bytes do not match ${desc.digest} (got ${got})`,
        {
          context: { ...this.context(), digest: desc.digest },
        },
      );
    }
    const tag = this.tagOf(opts.tag);
    await putManifest(ctx, desc, bytes, tag ?? desc.digest);
    opts.onProgress?.(bytes.length);
    this.remember(desc.digest, bytes);
    if (tag) this.tagged.set(tag, desc.digest);
  }

  /** pushManifest PUTs manifest bytes under its digest and, when given, a tag. */
  async pushManifest(
    desc: Descriptor,
    bytes: Buffer,
    tag?: string,
    opts: { signal?: AbortSignal } = {},
  ): Promise<void> {
    await this.push(desc, Readable.from([bytes]), opts);
    if (tag) await this.tag(desc, tag, opts);
  }

  /** tag points `reference` (a tag) at a manifest; a digest reference only checks that it is there. */
  async tag(desc: Descriptor, reference: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const ref = this.referenceOf(reference);
    if (isDigest(ref)) {
      if (ref !== desc.digest)
        throw new DeckhandError('E_REFERENCE', `cannot tag ${desc.digest} as another digest ${ref}`);
      return;
    }
    if (!isManifest(desc.mediaType)) {
      throw new DeckhandError(
        'E_MEDIA_TYPE',
        `${this.name}: only manifests can be tagged, not ${desc.mediaType}`,
      );
    }
    // Already PUT under this tag by push() a moment ago.
    if (this.tagged.get(ref) === desc.digest) {
      this.tagged.delete(ref);
      return;
    }
    let bytes = this.cache.get(desc.digest);
    if (!bytes) {
      // Not pushed by this client (a re-push): when the tag already names the manifest, one HEAD
      // replaces a GET and a PUT. Any other answer goes the normal way, which reports errors.
      const current = await headManifest(this.ctx('pull,push', opts.signal), ref).catch(() => undefined);
      if (current?.digest === desc.digest) return;
      bytes = (await this.fetchManifest(desc.digest, { ...opts, expected: desc })).bytes;
    }
    await putManifest(this.ctx('pull,push', opts.signal), desc, bytes, ref);
  }

  /** mount asks the registry to mount a blob from another repository; false when it must be uploaded. */
  async mount(
    desc: Descriptor,
    fromRepository: string,
    opts: { signal?: AbortSignal } = {},
  ): Promise<boolean> {
    parseDigest(desc.digest);
    const ctx = this.ctx('pull,push', opts.signal, [repositoryScope(fromRepository, 'pull')]);
    const q = new URLSearchParams({ mount: desc.digest, from: fromRepository });
    const res = await this.client.request({
      method: 'POST',
      path: `/v2/${this.repositoryPath}/blobs/uploads/?${q}`,
      headers: { 'content-length': '0' },
      scopes: ctx.scopes,
      expect: [201, 202],
      subject: 'upload',
      context: { ...this.context(), digest: desc.digest },
      signal: opts.signal,
    });
    await dump(res);
    if (res.status === 201) return true;
    const loc = header(res, 'location');
    if (loc) await cancelUpload(ctx, new URL(loc, res.url));
    return false;
  }

  /** tags lists every tag, following `Link` pagination; `pageSize` is the `n` asked for. */
  async tags(opts: { pageSize?: number; signal?: AbortSignal } = {}): Promise<string[]> {
    const n = opts.pageSize ?? 1000;
    return listPaged(this.client, `/v2/${this.repositoryPath}/tags/list?n=${n}`, 'tags', {
      scopes: this.ctx('pull').scopes,
      context: this.context(),
      signal: opts.signal,
    });
  }

  /** delete removes a manifest (by digest) or a blob; the registry must allow deletes. */
  async delete(desc: Descriptor, opts: { signal?: AbortSignal } = {}): Promise<void> {
    parseDigest(desc.digest);
    const kind = isManifest(desc.mediaType) ? 'manifests' : 'blobs';
    const res = await this.client.request({
      method: 'DELETE',
      path: `/v2/${this.repositoryPath}/${kind}/${desc.digest}`,
      scopes: [
        repositoryScope(this.repositoryPath, 'delete'),
        repositoryScope(this.repositoryPath, 'pull,push'),
      ],
      expect: [200, 202],
      subject: kind === 'manifests' ? 'manifest' : 'blob',
      context: { ...this.context(), digest: desc.digest },
      signal: opts.signal,
    });
    await dump(res);
    this.cache.delete(desc.digest);
  }
}

/** openRepository returns the Repository of `ref` (its tag or digest is ignored), sharing its registry's client. */
export function openRepository(ref: Reference | string, opts: RepositoryOptions = {}): Repository {
  const r = typeof ref === 'string' ? parseReference(ref) : ref;
  return new Repository(registryClient(r.registry, opts), r.repository);
}
