/**
 * LayoutStore: a local OCI image layout as a Target (DESIGN.md §2, §5). Many registries live in one
 * store; each tagged root in `index.json` is named by its full normalised reference.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import type { FetchOptions, PushOptions, Target } from '../content/target.js';
import { DeckhandError } from '../errors.js';
import { validateDescriptor, type Descriptor } from '../oci/descriptor.js';
import { isDigest, markVerifying, VerifyStream } from '../oci/digest.js';
import { isManifest } from '../oci/media-types.js';
import { parseReference } from '../oci/reference.js';
import { fsck, type FsckOptions, type FsckReport } from './fsck.js';
import { fsError } from './fs-error.js';
import { gc, type GcOptions, type GcReport } from './gc.js';
import { importKubeKey, type KubeKeyImportReport } from './kubekey-import.js';
import { listStore, type StoreEntry } from './list.js';
import { displayName, findEntry, normalizeName, removeEntry, setEntry } from './index-entries.js';
import { ensureIndex, readIndex, updateIndex } from './index-file.js';
import { hasBlob, ingest } from './ingest.js';
import type { LockOptions } from './lock.js';
import { blobDir, blobPath, layoutPath, LAYOUT_VERSION } from './paths.js';
import { sniffMediaType } from './sniff.js';
import { readBlobVerified, walkGraph } from './store-graph.js';

/** Options for opening a store. */
export interface OpenOptions {
  /** Create the layout when the directory has none; default false (then E_STORE). */
  create?: boolean;
  /** How the index lock waits (timeout, abort). */
  lock?: LockOptions;
}

/** LayoutStore reads and writes one OCI image layout directory. */
export class LayoutStore implements Target {
  readonly root: string;
  readonly name: string;
  readonly lockOptions: LockOptions;

  private constructor(root: string, lock: LockOptions) {
    this.root = root;
    this.name = `oci:${root}`;
    this.lockOptions = lock;
  }

  /** open opens the layout at `dir`; with `create`, initialises it first if needed. Throws E_STORE. */
  static async open(dir: string, opts: OpenOptions = {}): Promise<LayoutStore> {
    const root = resolvePath(dir);
    if (opts.create) return LayoutStore.init(root, opts);
    let layout: string;
    try {
      layout = await readFile(layoutPath(root), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new DeckhandError('E_STORE', `${root} is not an OCI image layout (no oci-layout file)`, {
          cause: e,
          context: { path: root },
        });
      }
      throw fsError(e, root);
    }
    checkLayout(layout, root);
    return new LayoutStore(root, opts.lock ?? {});
  }

  /** init creates (or opens) a layout at `dir`: `oci-layout`, an empty `index.json`, `blobs/`. */
  static async init(dir: string, opts: Omit<OpenOptions, 'create'> = {}): Promise<LayoutStore> {
    const root = resolvePath(dir);
    try {
      await mkdir(blobDir(root, 'sha256'), { recursive: true });
      try {
        checkLayout(await readFile(layoutPath(root), 'utf8'), root);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        await writeFile(layoutPath(root), `${JSON.stringify({ imageLayoutVersion: LAYOUT_VERSION })}\n`);
      }
      const store = new LayoutStore(root, opts.lock ?? {});
      await ensureIndex(root, store.lockOptions);
      return store;
    } catch (e) {
      throw fsError(e, root, `cannot create a store at ${root}`);
    }
  }

  /**
   * resolve finds a root by full reference, short name (`nginx:1.25`), tag-only name written by other
   * tools (`latest`), or digest. Throws E_NOT_FOUND.
   */
  async resolve(reference: string): Promise<Descriptor> {
    const idx = await readIndex(this.root);
    const entry = findEntry(idx, reference);
    if (entry) return strip(entry);
    const digest = isDigest(reference) ? reference : digestPart(reference);
    if (digest) {
      const tagged = idx.manifests.find((d) => d.digest === digest);
      if (tagged) return strip(tagged);
      const path = blobPath(this.root, digest);
      if (await hasBlob(path)) {
        const size = (await stat(path)).size;
        const bytes = await readBlobVerified(this.root, { mediaType: '', digest, size });
        return { mediaType: sniffMediaType(bytes, digest), digest, size };
      }
    }
    throw new DeckhandError('E_NOT_FOUND', `${reference} is not in the store ${this.root}`, {
      context: { reference, path: this.root },
    });
  }

  /** fetch streams a blob, verified against `desc` as it is read. Throws E_NOT_FOUND. */
  async fetch(desc: Descriptor, opts: FetchOptions = {}): Promise<Readable> {
    const path = blobPath(this.root, desc.digest);
    if (!(await hasBlob(path))) {
      throw new DeckhandError('E_NOT_FOUND', `blob ${desc.digest} is not in the store`, {
        context: { digest: desc.digest, path: this.root },
      });
    }
    const file = createReadStream(path, { signal: opts.signal });
    const verify = new VerifyStream({ digest: desc.digest, size: desc.size });
    file.on('error', (e) => verify.destroy(e));
    const out = file.pipe(verify);
    if (!opts.onProgress) return out;
    const onProgress = opts.onProgress;
    const counted = new Transform({
      transform(chunk: Buffer, _e, cb) {
        onProgress(chunk.length);
        cb(null, chunk);
      },
    });
    verify.on('error', (e) => counted.destroy(e));
    return markVerifying(out.pipe(counted), desc);
  }

  /** exists reports whether the blob is present with the expected size. */
  async exists(desc: Descriptor): Promise<boolean> {
    return hasBlob(blobPath(this.root, desc.digest), desc.size);
  }

  /** push stores a blob through the verified ingest path (DESIGN.md §8.3). */
  async push(desc: Descriptor, content: Readable, opts: PushOptions = {}): Promise<void> {
    validateDescriptor(desc);
    await ingest(this.root, desc, content, opts);
  }

  /**
   * tag names `desc` as `reference` (normalised: `nginx:1.25` → `docker.io/library/nginx:1.25`).
   * The whole graph must already be in the store, so a tag never points at missing content.
   * Throws E_REFERENCE for a bad name, E_NOT_FOUND for missing content.
   */
  async tag(desc: Descriptor, reference: string): Promise<void> {
    validateDescriptor(desc);
    const name = storeName(reference);
    // Checked under the lock, so a concurrent gc cannot delete the graph between check and tag.
    await updateIndex(
      this.root,
      async (idx) => {
        await this.checkComplete(desc, name);
        return setEntry(idx, desc, name);
      },
      this.lockOptions,
    );
  }

  private async checkComplete(desc: Descriptor, name: string): Promise<void> {
    if (isManifest(desc.mediaType)) {
      const walk = await walkGraph(this.root, desc);
      const bad = walk.missing[0] ?? walk.broken[0]?.desc;
      if (bad) {
        throw new DeckhandError('E_NOT_FOUND', `cannot tag ${name}: ${bad.digest} is missing or damaged`, {
          context: { reference: name, digest: bad.digest, path: this.root },
        });
      }
    } else if (!(await this.exists(desc))) {
      throw new DeckhandError('E_NOT_FOUND', `cannot tag ${name}: ${desc.digest} is not in the store`, {
        context: { reference: name, digest: desc.digest, path: this.root },
      });
    }
  }

  /** untag removes the name (any spelling that finds it); returns false when there was nothing to remove. */
  async untag(reference: string): Promise<boolean> {
    let removed = 0;
    await updateIndex(
      this.root,
      (idx) => {
        removed = removeEntry(idx, reference).length;
        return removed > 0;
      },
      this.lockOptions,
    );
    return removed > 0;
  }

  /** refs lists every tagged root with the name to show for it. */
  async refs(): Promise<{ reference: string; descriptor: Descriptor }[]> {
    const idx = await readIndex(this.root);
    return idx.manifests.flatMap((d) => {
      const reference = displayName(d);
      return reference ? [{ reference, descriptor: strip(d) }] : [];
    });
  }

  /** tags lists the names of every tagged root. */
  async tags(): Promise<string[]> {
    return (await this.refs()).map((r) => r.reference);
  }

  /** list returns every tagged image: reference, digest, media type, platforms, total size. */
  async list(): Promise<StoreEntry[]> {
    return listStore(this.root);
  }

  /** gc deletes blobs no reference reaches and stale ingest files (see GcOptions for the grace period). */
  async gc(opts: GcOptions = {}): Promise<GcReport> {
    return gc(this.root, { lock: this.lockOptions, ...opts });
  }

  /** fsck re-hashes every blob and checks every reference's graph; `report.ok` is false on damage. */
  async fsck(opts: FsckOptions = {}): Promise<FsckReport> {
    return fsck(this.root, opts);
  }

  /** importKubeKey imports KubeKey's own image directory (`blobs/sha256:<hex>` + `<host>/<repo>/manifests/<tag>`). */
  async importKubeKey(dir: string): Promise<KubeKeyImportReport> {
    return importKubeKey(this, dir);
  }
}

/** storeName validates and normalises a reference for index.json; a digest-only name keeps its digest. */
export function storeName(reference: string): string {
  const r = parseReference(reference);
  return normalizeName(r.toString()) ?? r.toString();
}

function checkLayout(text: string, root: string): void {
  try {
    const v = (JSON.parse(text) as { imageLayoutVersion?: unknown }).imageLayoutVersion;
    if (typeof v === 'string' && v.startsWith('1.')) return;
  } catch {
    // fall through to the error below
  }
  throw new DeckhandError(
    'E_STORE',
    `${root}/oci-layout does not declare a supported imageLayoutVersion (1.x)`,
    {
      context: { path: root },
    },
  );
}

/** strip returns the descriptor without the store's own annotations (what a Target resolves to). */
function strip(d: Descriptor): Descriptor {
  return {
    mediaType: d.mediaType,
    digest: d.digest,
    size: d.size,
    ...(d.platform ? { platform: d.platform } : {}),
  };
}

function digestPart(reference: string): string | undefined {
  const at = reference.lastIndexOf('@');
  if (at < 0) return undefined;
  const d = reference.slice(at + 1);
  return isDigest(d) ? d : undefined;
}
