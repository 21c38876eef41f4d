/**
 * Blob endpoints (distribution-spec v1.1 "Pulling blobs"): GET/HEAD stream the stored file with
 * constant memory, honouring a single `Range: bytes=START-END` with 206 (416 when unsatisfiable).
 * Blobs are shared by every repository of the store; deleting one is left to `gc`.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { isDigest } from '../oci/digest.js';
import { blobPath } from '../store/index.js';
import type { ServerContext } from './context.js';
import { send } from './http-io.js';
import { WireError } from './wire-errors.js';

/** A byte range, inclusive at both ends. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * parseRange reads `bytes=START-END`, `bytes=START-` or `bytes=-SUFFIX` against `size`; undefined
 * means "send everything" (no or unsupported header), null means unsatisfiable (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined | null {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return null;
  return { start, end };
}

/** getBlob answers GET and HEAD for a blob by digest. */
export async function getBlob(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  digest: string,
): Promise<void> {
  if (!isDigest(digest))
    throw new WireError('DIGEST_INVALID', 'provided digest is not valid', { digest: digest.slice(0, 140) });
  const path = blobPath(ctx.store.root, digest);
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined) throw new WireError('BLOB_UNKNOWN', 'blob unknown to registry', { digest });
  const base = {
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': digest,
    'Accept-Ranges': 'bytes',
    ETag: `"${digest}"`,
    'Cache-Control': 'max-age=31536000',
  };
  const range = parseRange(req.headers.range, size);
  if (range === null) {
    const e = new WireError('RANGE_INVALID', 'requested range not satisfiable', { size }, 416);
    e.headers['Content-Range'] = `bytes */${size}`;
    throw e;
  }
  const status = range ? 206 : 200;
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const headers = {
    ...base,
    'Content-Length': end - start + 1,
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  };
  if (req.method === 'HEAD' || size === 0) {
    send(res, status, {
      ...headers,
      'Content-Length': req.method === 'HEAD' ? headers['Content-Length'] : 0,
    });
    return;
  }
  res.writeHead(status, { 'Docker-Distribution-API-Version': 'registry/2.0', ...headers });
  // pipeline ends the response on success and destroys it if the file or the client fails.
  await pipeline(createReadStream(path, { start, end }), res).catch(() => undefined);
}
