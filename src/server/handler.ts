/**
 * The request handler: authentication, routing, read-only mode and the one place where thrown
 * errors become the spec's error responses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BasicAuth } from './basic-auth.js';
import { getBlob } from './blobs.js';
import type { ServerContext } from './context.js';
import { sendError, sendJson } from './http-io.js';
import { listCatalog, listTags } from './listing.js';
import { deleteManifest, getManifest, putManifest } from './manifests.js';
import { matchRoute, type Route } from './routes.js';
import { deleteUpload, getUpload, patchUpload, postUpload, putUpload } from './uploads.js';
import { toWireError, WireError } from './wire-errors.js';

/** Handler options beyond the shared context. */
export interface HandlerOptions {
  auth?: BasicAuth;
  /** Called with unexpected errors (answered as 500 without details). */
  onError?: (e: unknown, req: IncomingMessage) => void;
}

/** makeHandler returns the `request` listener of the server. */
export function makeHandler(ctx: ServerContext, opts: HandlerOptions = {}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(ctx, opts, req, res).catch((e: unknown) => {
      const w = toWireError(e);
      // A client that went away is not a server fault worth reporting.
      if (w.code === 'UNKNOWN' && !req.socket.destroyed) opts.onError?.(e, req);
      const extra: Record<string, string> = { ...w.headers };
      if (w.code === 'UNAUTHORIZED' && opts.auth) extra['WWW-Authenticate'] = opts.auth.challenge;
      sendError(req, res, w, extra);
    });
  };
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function handle(
  ctx: ServerContext,
  opts: HandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://registry.invalid');
  if (!url.pathname.startsWith('/v2')) throw new WireError('UNSUPPORTED', 'not found', undefined, 404);
  if (opts.auth) await opts.auth.check(req);
  const route = matchRoute(url.pathname);
  if (!route) throw new WireError('UNSUPPORTED', 'not found', undefined, 404);
  const method = req.method ?? 'GET';
  if (WRITES.has(method) && ctx.readOnly) {
    throw new WireError('UNSUPPORTED', 'the registry is read-only');
  }
  await dispatch(ctx, req, res, route, method, url.searchParams);
}

async function dispatch(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  method: string,
  query: URLSearchParams,
): Promise<void> {
  const read = method === 'GET' || method === 'HEAD';
  switch (route.kind) {
    case 'base':
      if (read) return sendJson(res, 200, {});
      break;
    case 'catalog':
      if (method === 'GET') return listCatalog(ctx, res, query);
      break;
    case 'tags':
      if (method === 'GET') return listTags(ctx, res, route.name, query);
      break;
    case 'manifest':
      if (read) return getManifest(ctx, req, res, route.name, route.reference);
      if (method === 'PUT') return putManifest(ctx, req, res, route.name, route.reference);
      if (method === 'DELETE') return deleteManifest(ctx, req, res, route.name, route.reference);
      break;
    case 'blob':
      if (read) return getBlob(ctx, req, res, route.digest);
      if (method === 'DELETE')
        throw new WireError(
          'UNSUPPORTED',
          "blobs are removed by the store's garbage collection, not over the API",
        );
      break;
    case 'uploads':
      if (method === 'POST') return postUpload(ctx, req, res, route.name, query);
      break;
    case 'upload':
      if (method === 'PATCH') return patchUpload(ctx, req, res, route.name, route.id);
      if (method === 'PUT') return putUpload(ctx, req, res, route.name, route.id, query);
      if (method === 'GET') return getUpload(ctx, res, route.name, route.id);
      if (method === 'DELETE') return deleteUpload(ctx, res, route.name, route.id);
      break;
  }
  const e = new WireError('UNSUPPORTED', `${method} is not allowed here`);
  e.headers.Allow = ALLOW[route.kind];
  throw e;
}

/** ALLOW lists each endpoint's methods for a 405's Allow header. */
const ALLOW: Record<Route['kind'], string> = {
  base: 'GET, HEAD',
  catalog: 'GET',
  tags: 'GET',
  manifest: 'GET, HEAD, PUT, DELETE',
  blob: 'GET, HEAD, DELETE',
  uploads: 'POST',
  upload: 'GET, PATCH, PUT, DELETE',
};
