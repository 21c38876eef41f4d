/**
 * Ingest: the only way bytes enter `blobs/` (DESIGN.md §5, §8.3). Content streams into a temporary
 * file under `<root>/ingest/`, is hashed and counted while written, checked for size and digest,
 * fsynced, and only then renamed into place. An interrupted write leaves a file in `ingest/` (which
 * `gc` removes) and nothing under `blobs/`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeckhandError, isDeckhandError, withContext } from '../errors.js';
import type { Descriptor } from '../oci/descriptor.js';
import { isVerifying, VerifyStream } from '../oci/digest.js';
import { fsError } from './fs-error.js';
import { blobPath, ingestDir } from './paths.js';

/** Options for one ingest. */
export interface IngestOptions {
  signal?: AbortSignal;
  onProgress?: (bytes: number) => void;
  /** Skip the final directory fsync (tests of many tiny blobs); default false. */
  noDirSync?: boolean;
}

/**
 * ingest stores `content` as the blob `desc`, verified; returns false (and discards the stream) when
 * the blob was already present. Throws E_DIGEST_MISMATCH / E_SIZE_MISMATCH on bad bytes, E_ENOSPC
 * when the disk is full, E_STORE on other I/O errors; `context.digest` names the blob.
 */
export async function ingest(
  root: string,
  desc: Descriptor,
  content: Readable,
  opts: IngestOptions = {},
): Promise<boolean> {
  const final = blobPath(root, desc.digest);
  if (await hasBlob(final, desc.size)) {
    content.destroy();
    return false;
  }
  const temp = join(ingestDir(root), tempName(desc.digest));
  let sourceError: unknown;
  content.once('error', (e) => (sourceError = e));
  try {
    const fh = await inDir(temp, () => open(temp, 'wx', 0o644));
    try {
      // A source that already verifies these bytes (a registry download) fails the pipeline itself
      // on a mismatch; hashing them twice cost a third of the CPU of a 512 MiB pull.
      const stages = isVerifying(content, desc)
        ? [progress(opts.onProgress)]
        : [new VerifyStream({ digest: desc.digest, size: desc.size }), progress(opts.onProgress)];
      await pipeline([content, ...stages, toFile(fh)], { signal: opts.signal });
      await fh.sync();
    } finally {
      await fh.close();
    }
    await inDir(final, () => rename(temp, final));
    if (!opts.noDirSync) await syncDir(dirname(final));
    return true;
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    content.destroy();
    // The content stream's own failure (a network reset) is not a store error: pass it on as it is.
    // (The pipeline also destroys the content with a write failure, so a full disk looks like one.)
    const diskFull = DISK_ERRORS.has((e as NodeJS.ErrnoException)?.code ?? '');
    if (sourceError !== undefined && e === sourceError && !isDeckhandError(e) && !diskFull) throw e;
    throw wrap(e, root, desc.digest);
  }
}

/**
 * inDir runs `fn`, which creates `path`, and on ENOENT creates the parent directory and runs it once
 * more: the directories exist for every blob but the first, and checking each time was two mkdir and
 * two stat calls per blob (measured with strace on a 20-image pull).
 */
async function inDir<T>(path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(dirname(path), { recursive: true });
    return fn();
  }
}

/** Errors of the disk under the store, whichever stream reported them first. */
const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS']);

/** hasBlob reports whether a complete blob is at `path` (size checked when known). */
export async function hasBlob(path: string, size?: number): Promise<boolean> {
  try {
    const st = await stat(path);
    return st.isFile() && (size === undefined || size < 0 || st.size === size);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw fsError(e, path);
  }
}

/** syncDir fsyncs a directory so a rename inside it survives a power loss. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => undefined);
  if (!fh) return;
  try {
    await fh.sync().catch(() => undefined); // some filesystems refuse fsync on directories
  } finally {
    await fh.close();
  }
}

/** tempName makes an ingest file name that says whose it is, so gc can tell live from stale. */
export function tempName(digest: string): string {
  const hex = digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 17);
  return `${hex}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
}

/**
 * toFile writes into an open FileHandle and leaves it open, so the caller can fsync before closing.
 * Chunks that arrive while a write is in flight go down together in one writev, without being copied
 * into one buffer first (that copy was 66 ms of a 512 MiB pull's profile, and garbage after it).
 */
function toFile(fh: FileHandle): Writable {
  return new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _enc, cb) {
      writeAll(fh, [chunk]).then(() => cb(), cb);
    },
    writev(chunks: { chunk: Buffer }[], cb) {
      writeAll(
        fh,
        chunks.map((c) => c.chunk),
      ).then(() => cb(), cb);
    },
  });
}

/** writeAll writes every buffer, going on after a short write (a regular file rarely makes one). */
async function writeAll(fh: FileHandle, buffers: Buffer[]): Promise<void> {
  let rest = buffers;
  while (rest.length > 0) {
    let n = (await fh.writev(rest)).bytesWritten;
    while (rest.length > 0 && n >= rest[0]!.length) {
      n -= rest[0]!.length;
      rest = rest.slice(1);
    }
    if (n > 0) rest = [rest[0]!.subarray(n), ...rest.slice(1)];
  }
}

function progress(onProgress?: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onProgress?.(chunk.length);
      cb(null, chunk);
    },
  });
}

function wrap(e: unknown, root: string, digest: string): Error {
  if (isDeckhandError(e)) return withContext(e, { digest, path: root });
  if ((e as Error)?.name === 'AbortError') {
    return new DeckhandError('E_CANCELLED', `writing ${digest} was cancelled`, {
      cause: e,
      context: { digest, path: root },
    });
  }
  return withContext(fsError(e, root), { digest });
}
