/**
 * Blob download as a verified stream that survives a broken connection: when the body breaks (a reset,
 * a short read), the download goes on with `Range: bytes=<received>-`; a registry that ignores Range and
 * answers 200 has the bytes already received skipped. Size and digest are checked at the end (VerifyStream).
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { VerifyStream } from '../oci/digest.js';
import type { Descriptor } from '../oci/descriptor.js';
import type { FetchOptions } from '../content/target.js';
import type { ErrorContext } from '../errors.js';
import type { RegistryClient } from './client.js';
import { errorCodeOf, errorFromNetwork, RegistryError } from './errors.js';
import { header, type HttpResponse } from './http.js';
import { backoffDelay, isRetryableError } from './retry.js';
import { resolveRetry } from './options.js';

/** How many times one download may resume before giving up. */
export const MAX_RESUMES = 8;

const RESUMABLE = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

function resumable(e: unknown): boolean {
  const code = errorCodeOf(e);
  return isRetryableError(e) || (code !== undefined && RESUMABLE.has(code));
}

/** Statistics of one download, for tests and progress. */
export interface DownloadStats {
  resumes: number;
}

/** openBlob starts the download (so a missing blob rejects here) and returns the verified stream. */
export async function openBlob(
  client: RegistryClient,
  repository: string,
  desc: Descriptor,
  scopes: string[],
  context: ErrorContext,
  opts: FetchOptions & { stats?: DownloadStats } = {},
): Promise<Readable> {
  const path = `/v2/${repository}/blobs/${desc.digest}`;
  const retry = resolveRetry(client.options.retry);
  const get = (offset: number): Promise<HttpResponse> =>
    client.request({
      method: 'GET',
      path,
      headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
      scopes,
      expect: offset > 0 ? [200, 206] : [200],
      subject: 'blob',
      context,
      signal: opts.signal,
    });

  const first = await get(0);
  let current: HttpResponse | undefined = first;
  async function* chunks(): AsyncGenerator<Buffer> {
    let res: HttpResponse | undefined = first;
    let offset = 0;
    let resumes = 0;
    for (;;) {
      current = res;
      if (!res) res = current = await get(offset);
      let skip = 0;
      if (offset > 0) {
        const range = header(res, 'content-range');
        const start = res.status === 206 && range ? Number(/bytes (\d+)-/.exec(range)?.[1] ?? NaN) : 0;
        if (Number.isNaN(start) || start > offset) {
          res.body.destroy();
          throw new RegistryError(
            'HTTP',
            `${client.registry}/${repository}: bad Content-Range "${range}" on resume`,
            {
              context,
            },
          );
        }
        skip = offset - start;
      }
      let broken: unknown;
      try {
        for await (const raw of res.body) {
          let chunk = raw as Buffer;
          if (skip > 0) {
            const n = Math.min(skip, chunk.length);
            skip -= n;
            chunk = chunk.subarray(n);
            if (chunk.length === 0) continue;
          }
          offset += chunk.length;
          opts.onProgress?.(offset);
          yield chunk;
        }
      } catch (e) {
        broken = e;
      }
      // A body that ended early without an error is a short read: resume it too.
      if (broken === undefined && offset >= desc.size) return;
      if (opts.signal?.aborted || (broken !== undefined && !resumable(broken)) || resumes >= MAX_RESUMES) {
        throw broken !== undefined
          ? errorFromNetwork(broken, 'GET', new URL(path, 'http://x'), context)
          : new RegistryError(
              'NETWORK',
              `${client.registry}/${repository}: download of ${desc.digest} ended early`,
              {
                context,
              },
            );
      }
      resumes++;
      if (opts.stats) opts.stats.resumes = resumes;
      await sleep(backoffDelay(resumes, retry), undefined, { signal: opts.signal });
      res = undefined;
    }
  }
  const verify = new VerifyStream(desc);
  const source = Readable.from(chunks(), { objectMode: false });
  source.on('error', (e) => verify.destroy(e));
  verify.on('close', () => {
    // A consumer that stops early must not leave the HTTP body (and its connection) hanging.
    if (!source.destroyed) source.destroy();
    if (current && !current.body.destroyed) current.body.destroy();
  });
  return source.pipe(verify);
}
