/**
 * MemoryTarget: an in-memory Target for unit tests of the copy engine. It verifies pushes like a
 * real target, records every call so tests can assert order and dedupe, and can inject faults,
 * delays and mounts (MemoryRegistry gives several repositories one blob pool, like a registry).
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Mounter, Target } from '../../src/content/target.js';
import { DeckhandError } from '../../src/errors.js';
import type { Descriptor } from '../../src/oci/descriptor.js';
import { VerifyStream } from '../../src/oci/digest.js';
import type { TestImage } from './test-images.js';

/** One recorded call. */
export interface Call {
  op: 'resolve' | 'fetch' | 'exists' | 'push' | 'tag' | 'mount';
  digest?: string;
  reference?: string;
}

/** Knobs for a MemoryTarget. */
export interface MemoryTargetOptions {
  name?: string;
  /** Milliseconds each push takes (to observe concurrency). */
  pushDelayMs?: number;
  /** Digests whose fetch fails with NETWORK. */
  failFetch?: Set<string>;
  /** Digests whose push fails with DENIED. */
  failPush?: Set<string>;
  /** Digests served with a flipped byte (the destination must notice). */
  corrupt?: Set<string>;
}

let counter = 0;

/** MemoryTarget keeps blobs and tags in maps. */
export class MemoryTarget implements Target {
  readonly name: string;
  readonly blobs: Map<string, Buffer>;
  readonly tags = new Map<string, Descriptor>();
  readonly calls: Call[] = [];
  /** Highest number of pushes that were running at once. */
  maxConcurrentPushes = 0;
  private runningPushes = 0;

  constructor(
    readonly opts: MemoryTargetOptions = {},
    blobs?: Map<string, Buffer>,
  ) {
    this.name = opts.name ?? `memory-${++counter}`;
    this.blobs = blobs ?? new Map();
  }

  /** fromImage makes a target holding `img` tagged as `ref`. */
  static fromImage(img: TestImage, ref: string, opts: MemoryTargetOptions = {}): MemoryTarget {
    const t = new MemoryTarget(opts);
    for (const [d, b] of img.blobs) t.blobs.set(d, b);
    t.tags.set(ref, img.root);
    return t;
  }

  async resolve(reference: string): Promise<Descriptor> {
    this.calls.push({ op: 'resolve', reference });
    const d = this.tags.get(reference);
    if (!d) throw new DeckhandError('E_NOT_FOUND', `${reference} not found in ${this.name}`);
    return d;
  }

  async fetch(desc: Descriptor): Promise<Readable> {
    this.calls.push({ op: 'fetch', digest: desc.digest });
    if (this.opts.failFetch?.has(desc.digest)) {
      throw new DeckhandError('NETWORK', `connection reset fetching ${desc.digest}`);
    }
    const b = this.blobs.get(desc.digest);
    if (!b) throw new DeckhandError('BLOB_UNKNOWN', `${desc.digest} not in ${this.name}`);
    let data = b;
    if (this.opts.corrupt?.has(desc.digest)) {
      data = Buffer.from(b);
      data[0] ^= 0xff;
    }
    // Several chunks, so progress events have something to report.
    const mid = Math.floor(data.length / 2);
    return Readable.from([data.subarray(0, mid), data.subarray(mid)]);
  }

  async exists(desc: Descriptor): Promise<boolean> {
    this.calls.push({ op: 'exists', digest: desc.digest });
    return this.blobs.has(desc.digest);
  }

  async push(desc: Descriptor, content: Readable): Promise<void> {
    this.calls.push({ op: 'push', digest: desc.digest });
    this.runningPushes++;
    this.maxConcurrentPushes = Math.max(this.maxConcurrentPushes, this.runningPushes);
    try {
      if (this.opts.failPush?.has(desc.digest)) {
        content.destroy();
        throw new DeckhandError('DENIED', `push of ${desc.digest} denied`);
      }
      const chunks: Buffer[] = [];
      const verify = new VerifyStream({ digest: desc.digest, size: desc.size });
      const sink = new Writable({
        write: (c: Buffer, _e, cb) => {
          chunks.push(c);
          cb();
        },
      });
      await pipeline(content, verify, sink);
      if (this.opts.pushDelayMs) await new Promise((r) => setTimeout(r, this.opts.pushDelayMs));
      this.blobs.set(desc.digest, Buffer.concat(chunks));
    } finally {
      this.runningPushes--;
    }
  }

  async tag(desc: Descriptor, reference: string): Promise<void> {
    this.calls.push({ op: 'tag', digest: desc.digest, reference });
    if (!this.blobs.has(desc.digest))
      throw new DeckhandError('MANIFEST_UNKNOWN', `${desc.digest} not pushed`);
    this.tags.set(reference, desc);
  }

  /** pushed lists the digests pushed, in order. */
  pushed(): string[] {
    return this.calls.filter((c) => c.op === 'push').map((c) => c.digest as string);
  }
}

/** MemoryRepository is a MemoryTarget that is one repository of a MemoryRegistry, so it can mount. */
export class MemoryRepository extends MemoryTarget implements Mounter {
  constructor(
    readonly registry: MemoryRegistry,
    readonly repositoryPath: string,
    opts: MemoryTargetOptions = {},
  ) {
    super({ name: `${registry.registryHost}/${repositoryPath}`, ...opts }, new Map());
  }

  get registryHost(): string {
    return this.registry.registryHost;
  }

  async mount(desc: Descriptor, fromRepository: string): Promise<boolean> {
    this.calls.push({ op: 'mount', digest: desc.digest, reference: fromRepository });
    const b = this.registry.repo(fromRepository).blobs.get(desc.digest);
    if (!b) return false;
    this.blobs.set(desc.digest, b);
    return true;
  }
}

/** MemoryRegistry hands out repositories that can mount from each other. */
export class MemoryRegistry {
  private readonly repos = new Map<string, MemoryRepository>();
  constructor(readonly registryHost = `mem-${++counter}.local`) {}

  /** repo returns (creating it once) the repository `path`. */
  repo(path: string, opts: MemoryTargetOptions = {}): MemoryRepository {
    let r = this.repos.get(path);
    if (!r) {
      r = new MemoryRepository(this, path, opts);
      this.repos.set(path, r);
    }
    return r;
  }
}
