/**
 * The graph walk (DESIGN.md §2, after oras-go `copy.go`): from the root through index → manifests →
 * config + layers, transferring only what the destination lacks, children before parents, with a
 * bounded number of blob transfers per image. A digest in flight to a destination is never
 * transferred a second time at once, even by another image's copy in this process.
 */
import { Readable, Transform } from 'node:stream';
import { fetchAll } from '../content/read-all.js';
import { isMounter, type Target } from '../content/target.js';
import type { Descriptor } from '../oci/descriptor.js';
import { isVerifying, markVerifying } from '../oci/digest.js';
import { successors } from '../oci/manifest.js';
import { isManifest } from '../oci/media-types.js';
import { DeckhandError } from '../errors.js';
import { copyError, isSourceError, markSource } from './copy-error.js';
import { once } from './in-flight.js';
import { Limiter } from './limiter.js';
import type { CopyEvent, CopyOptions } from './types.js';

/** Counters the walk fills in for the image's result. */
export interface GraphStats {
  bytesTransferred: number;
  bytesSkipped: number;
  bytesMounted: number;
  blobsTransferred: number;
  blobsSkipped: number;
  blobsMounted: number;
}

/** CopyGraph copies one image's graph from `src` to `dst`. */
export class CopyGraph {
  readonly stats: GraphStats = {
    bytesTransferred: 0,
    bytesSkipped: 0,
    bytesMounted: 0,
    blobsTransferred: 0,
    blobsSkipped: 0,
    blobsMounted: 0,
  };
  private readonly done = new Map<string, Promise<void>>();
  /** The first failure; queued work stops when it is set. */
  private failure: unknown;
  private readonly counted = new Set<string>();
  private readonly limiter: Limiter;
  private readonly mountFrom: string | undefined;

  constructor(
    private readonly src: Target,
    private readonly dst: Target,
    private readonly image: string,
    private readonly opts: CopyOptions,
    private readonly known: ReadonlyMap<string, Buffer> = new Map(),
    /** The root and the tag it gets: a registry PUTs the root under the tag at once. */
    private readonly rootTag?: { digest: string; tag: string },
  ) {
    this.limiter = new Limiter(opts.concurrency ?? 4);
    const canMount =
      opts.mount !== false &&
      isMounter(src) &&
      isMounter(dst) &&
      src.registryHost === dst.registryHost &&
      src.repositoryPath !== dst.repositoryPath;
    this.mountFrom = canMount && isMounter(src) ? src.repositoryPath : undefined;
  }

  /** copyNode copies `desc` and everything below it; `bytes` are its content when already known. */
  copyNode(desc: Descriptor, bytes?: Buffer): Promise<void> {
    let p = this.done.get(desc.digest);
    if (!p) {
      p = isManifest(desc.mediaType)
        ? this.copyManifest(desc, bytes)
        : this.limiter.run(async () => {
            this.checkStop();
            await this.copyBlob(desc);
          });
      this.done.set(desc.digest, p);
      p.catch((e: unknown) => (this.failure ??= e));
    }
    return p;
  }

  /** settle waits until every started node has finished, so nothing is written after copy() returns. */
  async settle(): Promise<void> {
    let n = -1;
    while (n !== this.done.size) {
      n = this.done.size;
      await Promise.allSettled(this.done.values());
    }
  }

  /** checkStop ends queued work once the copy is cancelled or another node has failed. */
  private checkStop(): void {
    if (this.opts.signal?.aborted) {
      throw new DeckhandError('E_CANCELLED', `${this.image}: cancelled`, {
        cause: this.opts.signal.reason,
        context: { image: this.image },
      });
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private async copyManifest(desc: Descriptor, known?: Buffer): Promise<void> {
    if (await this.exists(desc)) {
      await this.countSkipped(desc, known);
      return;
    }
    this.checkStop();
    const bytes = known ?? (await this.fetchSmall(this.src, desc, 'source'));
    await Promise.all(this.children(desc, bytes).map((c) => this.copyNode(c)));
    this.checkStop();
    await once(this.dst.name, desc.digest, async (waited) => {
      // Checked again only when another copy was moving the same manifest meanwhile.
      if (waited && (await this.exists(desc))) {
        this.skipped(desc);
        return;
      }
      await this.push(desc, () => Promise.resolve(Readable.from([bytes])));
      this.stats.bytesTransferred += desc.size;
      this.stats.blobsTransferred++;
      this.opts.onCopied?.(desc);
    });
  }

  private copyBlob(desc: Descriptor): Promise<void> {
    return once(this.dst.name, desc.digest, () => this.transferBlob(desc));
  }

  private async transferBlob(desc: Descriptor): Promise<void> {
    if (await this.exists(desc)) {
      this.skipped(desc);
      return;
    }
    if (this.mountFrom && isMounter(this.dst)) {
      let mounted = false;
      try {
        mounted = await this.dst.mount(desc, this.mountFrom, { signal: this.opts.signal });
      } catch (e) {
        throw copyError(e, { side: 'destination', image: this.image, op: 'mount', digest: desc.digest });
      }
      if (mounted) {
        this.stats.blobsMounted++;
        this.stats.bytesMounted += desc.size;
        this.emitBlob('mounted', desc, desc.size);
        this.opts.onMounted?.(desc, this.mountFrom);
        return;
      }
    }
    this.emitBlob('started', desc, 0);
    let done = 0;
    await this.push(desc, async () => {
      const held = this.known.get(desc.digest);
      const stream = held ? Readable.from([held]) : await this.fetch(desc);
      const counter = new Transform({
        transform: (chunk: Buffer, _e, cb) => {
          done += chunk.length;
          this.emitBlob('progress', desc, done);
          cb(null, chunk);
        },
      });
      stream.on('error', (e) => counter.destroy(markSource(e)));
      // The destination's pipeline reports a failure (it sees the errored stream); before it listens
      // (it may still be opening its file), a tiny lying blob must not become an uncaught exception.
      counter.on('error', () => undefined);
      // The counter passes the source's verification on (its errors end the counter too).
      if (isVerifying(stream, desc)) markVerifying(counter, desc);
      return stream.pipe(counter);
    });
    this.stats.bytesTransferred += desc.size;
    this.stats.blobsTransferred++;
    this.emitBlob('done', desc, desc.size);
    this.opts.onCopied?.(desc);
  }

  /** skipPresent counts `desc` and its subtree as already at the destination. */
  skipPresent(desc: Descriptor, bytes: Buffer | undefined): Promise<void> {
    return this.countSkipped(desc, bytes);
  }

  /** countSkipped adds a present subtree to the skipped counters (manifests are read, blobs are not). */
  private async countSkipped(desc: Descriptor, known?: Buffer): Promise<void> {
    if (this.counted.has(desc.digest)) return;
    this.counted.add(desc.digest);
    this.skipped(desc);
    if (!isManifest(desc.mediaType)) return;
    // Counting is best effort: a manifest neither side will hand out again should not fail the copy.
    // Read on this machine when one side is a local store (no request), else at the destination.
    const [first, second] =
      isMounter(this.dst) && !isMounter(this.src)
        ? (['source', 'destination'] as const)
        : (['destination', 'source'] as const);
    const side = (s: 'source' | 'destination') =>
      this.fetchSmall(s === 'source' ? this.src : this.dst, desc, s);
    const bytes =
      known ??
      (await side(first)
        .catch(() => side(second))
        .catch(() => undefined));
    if (!bytes) return;
    let kids: Descriptor[] = [];
    try {
      kids = successors(desc, bytes);
    } catch {
      return;
    }
    for (const c of kids) await this.countSkipped(c);
  }

  /** children parses a manifest; a malformed one is the source's fault. */
  private children(desc: Descriptor, bytes: Buffer): Descriptor[] {
    try {
      return successors(desc, bytes);
    } catch (e) {
      throw copyError(e, { side: 'source', image: this.image, op: 'parse manifest', digest: desc.digest });
    }
  }

  private skipped(desc: Descriptor): void {
    this.stats.bytesSkipped += desc.size;
    this.stats.blobsSkipped++;
    if (!isManifest(desc.mediaType)) this.emitBlob('skipped', desc, desc.size);
    this.opts.onSkipped?.(desc);
  }

  private async exists(desc: Descriptor): Promise<boolean> {
    try {
      return await this.dst.exists(desc, { signal: this.opts.signal });
    } catch (e) {
      throw copyError(e, { side: 'destination', image: this.image, op: 'check', digest: desc.digest });
    }
  }

  private async fetch(desc: Descriptor): Promise<Readable> {
    try {
      return await this.src.fetch(desc, { signal: this.opts.signal });
    } catch (e) {
      throw copyError(e, { side: 'source', image: this.image, op: 'fetch', digest: desc.digest });
    }
  }

  private async fetchSmall(t: Target, desc: Descriptor, side: 'source' | 'destination'): Promise<Buffer> {
    try {
      return await fetchAll(t, desc, { signal: this.opts.signal });
    } catch (e) {
      throw copyError(e, { side, image: this.image, op: 'fetch', digest: desc.digest });
    }
  }

  /** push streams content to the destination; an error the source stream raised is blamed on the source. */
  private async push(desc: Descriptor, open: () => Promise<Readable>): Promise<void> {
    const stream = await open();
    try {
      const tag = this.rootTag?.digest === desc.digest ? this.rootTag.tag : undefined;
      await this.dst.push(desc, stream, { signal: this.opts.signal, tag });
    } catch (e) {
      stream.destroy();
      const fromSource = isSourceError(e);
      throw copyError(e, {
        side: fromSource ? 'source' : 'destination',
        image: this.image,
        op: fromSource ? 'fetch' : 'push',
        digest: desc.digest,
      });
    }
  }

  private emitBlob(
    status: Extract<CopyEvent, { type: 'blob' }>['status'],
    desc: Descriptor,
    done: number,
  ): void {
    this.opts.onEvent?.({
      type: 'blob',
      status,
      image: this.image,
      digest: desc.digest,
      mediaType: desc.mediaType,
      done,
      total: desc.size,
    });
  }
}
