/**
 * `index.json`: read, and replaced atomically (temp file + fsync + rename) under the cross-process
 * lock, re-read under the lock so that concurrent writers merge instead of overwriting each other.
 */
import { randomBytes } from 'node:crypto';
import { access, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DeckhandError } from '../errors.js';
import { validateDescriptor, type Descriptor } from '../oci/descriptor.js';
import { OCI_INDEX } from '../oci/media-types.js';
import { fsError } from './fs-error.js';
import { syncDir } from './ingest.js';
import { withLock, type LockOptions } from './lock.js';
import { indexPath, lockPath } from './paths.js';

/** The layout's top-level index (image-spec v1.1 image-layout.md#indexjson-file). */
export interface IndexFile {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

/** emptyIndex returns a fresh index with no manifests. */
export function emptyIndex(): IndexFile {
  return { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] };
}

/** readIndex reads `<root>/index.json`; a missing file is an empty index, a malformed one is E_STORE. */
export async function readIndex(root: string): Promise<IndexFile> {
  const path = indexPath(root);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyIndex();
    throw fsError(e, path);
  }
  return parseIndex(text, path);
}

/** parseIndex validates the JSON of an index file; every descriptor's digest is checked. */
export function parseIndex(text: string, path = 'index.json'): IndexFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DeckhandError('E_STORE', `${path} is not valid JSON`, { cause: e, context: { path } });
  }
  const idx = doc as IndexFile;
  if (!idx || typeof idx !== 'object' || idx.schemaVersion !== 2 || !Array.isArray(idx.manifests)) {
    throw new DeckhandError('E_STORE', `${path} is not an OCI index (schemaVersion 2 with "manifests")`, {
      context: { path },
    });
  }
  try {
    idx.manifests.forEach((d, i) => validateDescriptor(d, `${path} manifests[${i}]`));
  } catch (e) {
    throw new DeckhandError('E_STORE', (e as Error).message, { cause: e, context: { path } });
  }
  return idx;
}

/**
 * updateIndex applies `mutate` (which may check the store first) to the current index under the
 * lock and writes the result atomically; when `mutate` returns false nothing is written.
 */
export async function updateIndex(
  root: string,
  mutate: (idx: IndexFile) => boolean | void | Promise<boolean | void>,
  opts: LockOptions = {},
): Promise<IndexFile> {
  return withLock(
    lockPath(root),
    async () => {
      const idx = await readIndex(root);
      if ((await mutate(idx)) === false) return idx;
      await writeIndexAtomic(root, idx);
      return idx;
    },
    opts,
  );
}

/** writeIndexAtomic replaces `index.json` with `idx` so readers see the old or the new file, never a mix. */
export async function writeIndexAtomic(root: string, idx: IndexFile): Promise<void> {
  const path = indexPath(root);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fh = await open(temp, 'wx', 0o644);
    try {
      await fh.writeFile(`${JSON.stringify(idx)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, path);
    await syncDir(dirname(path));
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw fsError(e, path, 'cannot write index.json');
  }
}

/** ensureIndex writes an empty `index.json` when there is none (under the lock, so it never clobbers one). */
export async function ensureIndex(root: string, opts: LockOptions = {}): Promise<void> {
  await withLock(
    lockPath(root),
    async () => {
      try {
        await access(indexPath(root));
      } catch {
        await writeIndexAtomic(root, emptyIndex());
      }
    },
    opts,
  );
}
