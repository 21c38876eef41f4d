/** Small helpers for answering requests: common headers, JSON and error bodies, reading a bounded body. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { errorBody, WireError } from './wire-errors.js';

/** Every answer says which API it speaks; clients check this on `GET /v2/`. */
const COMMON = { 'Docker-Distribution-API-Version': 'registry/2.0' };

/** send ends the response with `body` (or none) and the given headers. */
export function send(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders = {},
  body?: string | Buffer,
): void {
  const h: OutgoingHttpHeaders = { ...COMMON, ...headers };
  if (h['Content-Length'] === undefined)
    h['Content-Length'] = body === undefined ? 0 : Buffer.byteLength(body);
  res.writeHead(status, h);
  res.end(body);
}

/** sendJson answers with a JSON document. */
export function sendJson(
  res: ServerResponse,
  status: number,
  doc: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  send(res, status, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(doc));
}

/**
 * sendError answers with the spec's error JSON. When the request body was not read to its end the
 * connection is closed, so unread bytes are never taken for the next request.
 */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  e: WireError,
  extra: OutgoingHttpHeaders = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: OutgoingHttpHeaders = { 'Content-Type': 'application/json', ...extra };
  if (!req.complete) headers.Connection = 'close';
  const body = req.method === 'HEAD' ? undefined : errorBody(e);
  send(res, e.status, { ...headers, 'Content-Length': body ? Buffer.byteLength(body) : 0 }, body);
}

/**
 * detachBody gives a stream of the request body that a consumer may destroy without destroying the
 * socket (the store destroys its input on failure; the client must still get an answer).
 * A client that disconnects mid-body makes the stream fail, so nothing half-received is stored.
 */
export function detachBody(req: IncomingMessage): Readable {
  const pass = new PassThrough();
  req.on('error', (e) => pass.destroy(e));
  req.on('close', () => {
    if (!req.complete) pass.destroy(new Error('client disconnected before the body ended'));
  });
  pass.on('close', () => {
    if (!req.complete) req.unpipe(pass);
  });
  req.pipe(pass);
  return pass;
}

/** readBody reads a small body whole; throws a WireError with `tooLarge` beyond `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number, tooLarge: WireError): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limit) throw tooLarge;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

/** drain reads and discards the rest of a body (content we already have). */
export async function drain(req: IncomingMessage): Promise<void> {
  if (req.complete) return;
  req.resume();
  await new Promise<void>((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
  });
}

/** contentLength returns the declared body length, or undefined when absent (chunked) or malformed. */
export function contentLength(req: IncomingMessage): number | undefined {
  const v = req.headers['content-length'];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}
