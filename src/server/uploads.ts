/**
 * Blob upload endpoints (distribution-spec v1.1 "Pushing blobs"): POST opens a session, mounts a
 * blob the store already has (`mount`/`from`), or takes a whole blob (`digest`); PATCH appends a
 * chunk (`Content-Range` must continue where the session is); PUT `?digest=` finishes. Every blob
 * enters the store through its verified ingest, so a wrong digest stores nothing.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { isDeckhandError } from '../errors.js';
import { isDigest } from '../oci/digest.js';
import { blobPath } from '../store/index.js';
import type { ServerContext } from './context.js';
import { contentLength, detachBody, drain, send } from './http-io.js';
import type { UploadSession } from './upload-sessions.js';
import { WireError } from './wire-errors.js';

const OCTET = 'application/octet-stream';

/** postUpload answers `POST /v2/<name>/blobs/uploads/` in its three forms. */
export async function postUpload(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  query: URLSearchParams,
): Promise<void> {
  const mount = query.get('mount');
  if (mount !== null && isDigest(mount) && (await hasBlob(ctx, mount))) {
    await drain(req);
    send(res, 201, created(name, mount));
    return;
  }
  const digest = query.get('digest');
  if (digest !== null && mount === null) {
    checkDigest(digest);
    const size = contentLength(req);
    if (size === undefined) {
      // Without a length the body must be spooled before it can be verified against a size.
      const s = await ctx.uploads.create(name);
      await finish(ctx, req, s, digest);
    } else {
      await pushBody(ctx, req, detachBody(req), digest, size);
    }
    send(res, 201, created(name, digest));
    return;
  }
  await drain(req);
  const s = await ctx.uploads.create(name);
  send(res, 202, progress(name, s));
}

/** patchUpload appends a chunk; a `Content-Range` that does not start at the session's offset is 416. */
export async function patchUpload(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  id: string,
): Promise<void> {
  const s = ctx.uploads.get(name, id);
  const range = req.headers['content-range'];
  if (range !== undefined) {
    const m = /^(?:bytes[ =])?(\d+)-(\d+)$/.exec(range.trim());
    const length = contentLength(req);
    if (
      !m ||
      Number(m[1]) !== s.offset ||
      (length !== undefined && Number(m[2]) - Number(m[1]) + 1 !== length)
    ) {
      const e = new WireError(
        'RANGE_INVALID',
        'chunk does not continue the upload',
        { offset: s.offset },
        416,
      );
      Object.assign(e.headers, progress(name, s));
      throw e;
    }
  }
  await ctx.uploads.append(s, req, detachBody(req));
  send(res, 202, progress(name, s));
}

/** putUpload appends an optional last chunk and stores the blob under `digest`, verified. */
export async function putUpload(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  id: string,
  query: URLSearchParams,
): Promise<void> {
  const digest = query.get('digest') ?? '';
  checkDigest(digest);
  const s = ctx.uploads.get(name, id);
  const size = contentLength(req);
  if (s.offset === 0 && size !== undefined && size > 0) {
    // The usual monolithic push (POST, then PUT with the whole blob): straight into the store.
    try {
      await pushBody(ctx, req, detachBody(req), digest, size);
    } finally {
      await ctx.uploads.remove(s);
    }
  } else {
    await finish(ctx, req, s, digest);
  }
  send(res, 201, created(name, digest));
}

/** getUpload reports how far an upload has come (204 with Range). */
export function getUpload(ctx: ServerContext, res: ServerResponse, name: string, id: string): void {
  const s = ctx.uploads.get(name, id);
  send(res, 204, progress(name, s));
}

/** deleteUpload cancels an upload and deletes what it received. */
export async function deleteUpload(
  ctx: ServerContext,
  res: ServerResponse,
  name: string,
  id: string,
): Promise<void> {
  await ctx.uploads.remove(ctx.uploads.get(name, id));
  send(res, 204);
}

/** finish appends whatever body the request has, then pushes the session's file; the session ends either way. */
async function finish(
  ctx: ServerContext,
  req: IncomingMessage,
  s: UploadSession,
  digest: string,
): Promise<void> {
  try {
    await ctx.uploads.append(s, req, detachBody(req));
    if (await hasBlob(ctx, digest, s.offset)) return;
    const done = ctx.uploads.track(req);
    try {
      await ctx.store.push({ mediaType: OCTET, digest, size: s.offset }, createReadStream(s.file));
    } finally {
      done();
    }
  } catch (e) {
    throw asWire(e);
  } finally {
    await ctx.uploads.remove(s);
  }
}

/** pushBody streams a request body of known size into the store (skipped, and drained, when the blob exists). */
async function pushBody(
  ctx: ServerContext,
  req: IncomingMessage,
  body: Readable,
  digest: string,
  size: number,
): Promise<void> {
  if (await hasBlob(ctx, digest, size)) {
    body.resume();
    await drain(req);
    return;
  }
  const done = ctx.uploads.track(req);
  try {
    await ctx.store.push({ mediaType: OCTET, digest, size }, body);
  } catch (e) {
    throw asWire(e);
  } finally {
    done();
  }
}

function asWire(e: unknown): unknown {
  if (isDeckhandError(e) && (e.code === 'E_DIGEST_MISMATCH' || e.code === 'E_SIZE_MISMATCH')) {
    return new WireError('DIGEST_INVALID', 'provided digest did not match uploaded content', {
      digest: e.context.digest,
    });
  }
  return e;
}

async function hasBlob(ctx: ServerContext, digest: string, size?: number): Promise<boolean> {
  const st = await stat(blobPath(ctx.store.root, digest)).catch(() => undefined);
  return !!st && st.isFile() && (size === undefined || st.size === size);
}

function checkDigest(digest: string): void {
  if (!isDigest(digest))
    throw new WireError('DIGEST_INVALID', 'provided digest is not valid', { digest: digest.slice(0, 140) });
}

function created(name: string, digest: string): Record<string, string> {
  return { Location: `/v2/${name}/blobs/${digest}`, 'Docker-Content-Digest': digest };
}

function progress(name: string, s: UploadSession): Record<string, string> {
  return {
    Location: `/v2/${name}/blobs/uploads/${s.id}`,
    Range: `0-${Math.max(s.offset - 1, 0)}`,
    'Docker-Upload-UUID': s.id,
  };
}
