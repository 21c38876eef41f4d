/**
 * Blob upload (distribution spec v1.1 "Pushing blobs"): POST opens a session, then one monolithic PUT
 * with `?digest=`, or PATCH chunks and a closing PUT. Each `Location` is resolved against the URL that
 * returned it, keeping its query (the session state). Bytes are verified while they are sent; small blobs
 * are buffered first so a failed PUT can be retried, and a registry that refuses a monolithic PUT as too
 * large gets the same bytes in chunks.
 */
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isVerifying, VerifyStream } from '../oci/digest.js';
import type { Descriptor } from '../oci/descriptor.js';
import type { PushOptions } from '../content/target.js';
import type { ErrorContext } from '../errors.js';
import type { RegistryClient } from './client.js';
import { errorFromResponse, RegistryError } from './errors.js';
import { dump, header, readText, type HttpResponse } from './http.js';
import { BUFFER_UPLOAD_LIMIT } from './options.js';

/** Default size of a PATCH chunk when a registry needs chunks. */
export const DEFAULT_CHUNK = 8 * 1024 * 1024;

interface UploadCtx {
  client: RegistryClient;
  repository: string;
  scopes: string[];
  context: ErrorContext;
  signal?: AbortSignal;
}

function locationOf(res: HttpResponse, ctx: UploadCtx): URL {
  const loc = header(res, 'location');
  if (!loc) {
    throw new RegistryError(
      'BLOB_UPLOAD_INVALID',
      `${ctx.client.registry}/${ctx.repository}: upload answer has no Location`,
      {
        status: res.status,
        context: ctx.context,
      },
    );
  }
  return new URL(loc, res.url);
}

function progress(onProgress?: (n: number) => void): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      onProgress?.(n);
      cb(null, chunk);
    },
  });
}

/** startUpload opens an upload session and returns its location. */
export async function startUpload(ctx: UploadCtx): Promise<URL> {
  const res = await ctx.client.request({
    method: 'POST',
    path: `/v2/${ctx.repository}/blobs/uploads/`,
    headers: { 'content-length': '0' },
    scopes: ctx.scopes,
    expect: [202],
    subject: 'upload',
    context: ctx.context,
    signal: ctx.signal,
  });
  await dump(res);
  return locationOf(res, ctx);
}

/** cancelUpload deletes an upload session; failures are ignored (the registry expires sessions anyway). */
export async function cancelUpload(ctx: UploadCtx, location: URL): Promise<void> {
  try {
    const res = await ctx.client.request({ method: 'DELETE', url: location, scopes: ctx.scopes });
    await dump(res);
  } catch {
    // Best effort only.
  }
}

function withDigest(location: URL, digest: string): URL {
  const u = new URL(location);
  u.searchParams.set('digest', digest);
  return u;
}

async function readVerified(
  desc: Descriptor,
  content: Readable,
  onProgress?: (n: number) => void,
): Promise<Buffer> {
  // A source that verifies itself (a store read) is not hashed a second time.
  const verify = isVerifying(content, desc) ? new PassThrough() : new VerifyStream(desc);
  const chunks: Buffer[] = [];
  let n = 0;
  await pipeline(content, verify, async (source: AsyncIterable<Buffer>) => {
    for await (const c of source) {
      chunks.push(c);
      n += c.length;
      onProgress?.(n);
    }
  });
  return Buffer.concat(chunks);
}

async function putMonolithic(
  ctx: UploadCtx,
  location: URL,
  desc: Descriptor,
  body: Buffer | Readable,
): Promise<HttpResponse> {
  return ctx.client.request({
    method: 'PUT',
    url: withDigest(location, desc.digest),
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(desc.size) },
    body,
    scopes: ctx.scopes,
    signal: ctx.signal,
  });
}

async function putChunked(
  ctx: UploadCtx,
  start: URL,
  desc: Descriptor,
  data: Buffer,
  chunkSize: number,
): Promise<HttpResponse> {
  let location = start;
  for (let off = 0; off < data.length; off += chunkSize) {
    const chunk = data.subarray(off, Math.min(off + chunkSize, data.length));
    const res = await ctx.client.request({
      method: 'PATCH',
      url: location,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(chunk.length),
        'content-range': `${off}-${off + chunk.length - 1}`,
      },
      body: chunk,
      scopes: ctx.scopes,
      expect: [202],
      subject: 'upload',
      context: ctx.context,
      signal: ctx.signal,
    });
    await dump(res);
    location = locationOf(res, ctx);
  }
  return ctx.client.request({
    method: 'PUT',
    url: withDigest(location, desc.digest),
    headers: { 'content-length': '0' },
    scopes: ctx.scopes,
    signal: ctx.signal,
  });
}

/** uploadBlob pushes one blob whose bytes must match `desc` (the caller has checked it is missing). */
export async function uploadBlob(
  ctx: UploadCtx,
  desc: Descriptor,
  content: Readable,
  opts: PushOptions & { chunkSize?: number } = {},
): Promise<void> {
  const buffered = desc.size <= BUFFER_UPLOAD_LIMIT || opts.chunkSize !== undefined;
  const data = buffered ? await readVerified(desc, content, opts.onProgress) : undefined;
  let location = await startUpload(ctx);
  let res: HttpResponse;
  try {
    if (data && opts.chunkSize) {
      res = await putChunked(ctx, location, desc, data, opts.chunkSize);
    } else if (data) {
      res = await putMonolithic(ctx, location, desc, data);
      if (res.status === 413) {
        // Too large for one request: the registry wants chunks.
        await dump(res);
        await cancelUpload(ctx, location);
        location = await startUpload(ctx);
        res = await putChunked(ctx, location, desc, data, DEFAULT_CHUNK);
      }
    } else {
      const verify = isVerifying(content, desc) ? new PassThrough() : new VerifyStream(desc);
      const body = content.pipe(verify).pipe(progress(opts.onProgress));
      content.on('error', (e) => verify.destroy(e));
      verify.on('error', (e) => body.destroy(e));
      res = await putMonolithic(ctx, location, desc, body);
    }
  } catch (e) {
    await cancelUpload(ctx, location);
    throw e;
  }
  if (res.status !== 201) {
    const err = errorFromResponse({
      status: res.status,
      body: await readText(res),
      method: 'PUT',
      url: location,
      subject: 'upload',
      context: ctx.context,
    });
    await cancelUpload(ctx, location);
    throw err;
  }
  await dump(res);
}
