/** Reading small content (manifests, configs) whole, with a size cap so a bad peer cannot exhaust memory. */
import type { Readable } from 'node:stream';
import { DeckhandError } from '../errors.js';
import type { Descriptor } from '../oci/descriptor.js';
import type { Fetcher, FetchOptions } from './target.js';

/** Largest manifest or config we read into memory: 4 MiB, as distribution's manifest limit. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** readAll collects a stream into one Buffer; throws TOO_LARGE beyond `maxBytes` (default 4 MiB). */
export async function readAll(stream: Readable, maxBytes = MAX_MANIFEST_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      total += b.length;
      if (total > maxBytes) throw new DeckhandError('TOO_LARGE', `content is larger than ${maxBytes} bytes`);
      chunks.push(b);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total);
}

/** fetchAll fetches `desc` and reads it whole (the Fetcher verifies size and digest). */
export async function fetchAll(fetcher: Fetcher, desc: Descriptor, opts: FetchOptions = {}): Promise<Buffer> {
  if (desc.size > MAX_MANIFEST_BYTES) {
    throw new DeckhandError(
      'TOO_LARGE',
      `${desc.digest} is ${desc.size} bytes; refusing to read it into memory`,
      {
        context: { digest: desc.digest },
      },
    );
  }
  return readAll(await fetcher.fetch(desc, opts));
}
