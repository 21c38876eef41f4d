/**
 * Seeded layer blobs, generated streaming (the 512 MiB layer never sits in memory): an AES-CTR
 * keystream keyed by the seed gives the bytes, stored (level-0) gzip wraps them, and both digests
 * (blob and diff_id) are computed in the same pass as the file is written.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const CHUNK = 1024 * 1024;

/** seededStream yields `size` pseudo-random bytes that depend only on `seed`. */
export function seededStream(seed: string, size: number): Readable {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  const zeros = Buffer.alloc(CHUNK);
  let left = size;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, CHUNK);
      left -= n;
      this.push(cipher.update(n === CHUNK ? zeros : zeros.subarray(0, n)));
    },
  });
}

function hashing(hash: ReturnType<typeof createHash>, count: { n: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      count.n += chunk.length;
      done(null, chunk);
    },
  });
}

/** A generated layer: the blob's digest and size, and the digest of its uncompressed content. */
export interface GeneratedLayer {
  digest: string;
  size: number;
  diffId: string;
}

/** writeLayer writes a seeded gzip layer of `size` uncompressed bytes into `blobsDir` (named by digest). */
export async function writeLayer(blobsDir: string, seed: string, size: number): Promise<GeneratedLayer> {
  const raw = createHash('sha256');
  const blob = createHash('sha256');
  const rawCount = { n: 0 };
  const blobCount = { n: 0 };
  const tmp = join(blobsDir, `.gen-${process.pid}-${Math.random().toString(36).slice(2)}`);
  await pipeline(
    seededStream(seed, size),
    hashing(raw, rawCount),
    createGzip({ level: 0, chunkSize: CHUNK }),
    hashing(blob, blobCount),
    createWriteStream(tmp),
  );
  const hex = blob.digest('hex');
  await rename(tmp, join(blobsDir, hex));
  return { digest: `sha256:${hex}`, size: blobCount.n, diffId: `sha256:${raw.digest('hex')}` };
}
