/**
 * The machine's ceilings, measured in the same run as the tools (issue 7): node's sha256
 * throughput, a plain HTTP GET of the biggest blob into a file (no hashing, no verification), and
 * disk write throughput with fsync. deckhand's big pull is judged against the lowest of them.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';

const MiB = 1024 * 1024;

/** Throughputs in MB/s (10^6 bytes per second). */
export interface Ceilings {
  sha256: number;
  httpGet: number;
  diskWrite: number;
  /** Which of the three is lowest. */
  lowest: 'sha256' | 'httpGet' | 'diskWrite';
}

function mbps(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

/** sha256Throughput hashes `total` bytes in 1 MiB updates. */
export function sha256Throughput(total = 512 * MiB): number {
  const buf = Buffer.alloc(MiB, 7);
  const h = createHash('sha256');
  const t0 = performance.now();
  for (let done = 0; done < total; done += MiB) h.update(buf);
  h.digest();
  return mbps(total, performance.now() - t0);
}

/** diskWriteThroughput writes `total` bytes to `file` in 1 MiB writes and fsyncs it. */
export async function diskWriteThroughput(file: string, total = 512 * MiB): Promise<number> {
  const buf = Buffer.alloc(MiB, 9);
  const t0 = performance.now();
  const fh = await open(file, 'w');
  try {
    for (let done = 0; done < total; done += MiB) await fh.write(buf);
    await fh.sync();
  } finally {
    await fh.close();
  }
  const ms = performance.now() - t0;
  await rm(file, { force: true });
  return mbps(total, ms);
}

/** httpGetThroughput GETs `url` (a blob of `size` bytes) into `file` with a plain stream pipe. */
export async function httpGetThroughput(url: string, file: string): Promise<number> {
  const t0 = performance.now();
  const res = await request(url, { headers: { 'accept-encoding': 'identity' }, maxRedirections: 0 } as never);
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode}`);
  const out = createWriteStream(file);
  let bytes = 0;
  res.body.on('data', (c: Buffer) => (bytes += c.length));
  await pipeline(res.body, out);
  const ms = performance.now() - t0;
  await rm(file, { force: true });
  return mbps(bytes, ms);
}

/** lowestOf names the smallest ceiling. */
export function lowestOf(c: Omit<Ceilings, 'lowest'>): Ceilings {
  const entries = Object.entries(c) as [Ceilings['lowest'], number][];
  const lowest = entries.reduce((a, b) => (b[1] < a[1] ? b : a))[0];
  return { ...c, lowest };
}
