/**
 * A seeded, probabilistic fault proxy in front of a real (plain HTTP) registry, for the faults suite:
 * connection resets at random byte offsets in a fraction of blob downloads, 503 and 429 (Retry-After)
 * bursts on a fraction of requests, and mid-body stalls (headers and part of the body, then silence
 * until the client's body timeout gives up). The same seed injects the same faults into the same
 * sequence of requests. Every injected fault is counted and every request recorded.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { TestContext } from 'node:test';
import { listenLoopback } from './ports.js';

/** ChaosOptions: fractions are of matching requests, 0..1. */
export interface ChaosOptions {
  seed?: number;
  /** Fraction of blob GETs cut at a random byte offset. Default 1/3. */
  resetFraction?: number;
  /** Fraction of all requests that start a 503/429 burst. Default 1/10. */
  statusFraction?: number;
  /** Length of a burst (consecutive faulted requests to the same path). Default 2. */
  burst?: number;
  /** Retry-After sent with 429 (seconds). Default '1'. */
  retryAfter?: string;
  /** At most this many 429s (each costs the client Retry-After seconds). Default 3. */
  max429?: number;
  /** Fraction of blob GETs that stall mid-body. Default 0. */
  stallFraction?: number;
  /** How long a stall lasts before the proxy drops the connection. Default 3000. */
  stallMs?: number;
  /** Only requests whose method is one of these get faults. Default all. */
  methods?: string[];
}

/** ChaosCounts: faults injected so far, by kind. */
export interface ChaosCounts {
  reset: number;
  status503: number;
  status429: number;
  stall: number;
}

/** A running chaos proxy. */
export interface ChaosProxy {
  host: string;
  url: string;
  injected: ChaosCounts;
  /** Every request seen: method, path and the fault given to it. */
  requests: { method: string; path: string; fault?: keyof ChaosCounts }[];
  /** Stop injecting (the proxy keeps forwarding). */
  calm(): void;
  stop(): Promise<void>;
}

/** mulberry32 is a tiny seeded PRNG: deterministic fault placement for a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BLOB_GET = /\/v2\/.+\/blobs\/sha256:[0-9a-f]{64}$/;

function forwardBody(
  upRes: IncomingMessage,
  res: ServerResponse,
  cutAt: number | undefined,
  stallMs: number | undefined,
): void {
  if (cutAt === undefined) {
    upRes.pipe(res);
    return;
  }
  let sent = 0;
  let cut = false;
  upRes.on('data', (chunk: Buffer) => {
    if (cut) return;
    const part = chunk.subarray(0, Math.max(0, cutAt - sent));
    sent += part.length;
    if (part.length) res.write(part);
    if (sent < cutAt) return;
    cut = true;
    upRes.destroy();
    // A reset drops the connection now; a stall keeps it open and silent, then drops it.
    const drop = (): void => void res.socket?.destroy();
    if (stallMs === undefined) setImmediate(drop);
    else setTimeout(drop, stallMs).unref();
  });
}

/** startChaosProxy forwards to `upstream` (http://) with seeded faults and stops after the test. */
export async function startChaosProxy(
  t: TestContext,
  upstream: string,
  opts: ChaosOptions = {},
): Promise<ChaosProxy> {
  const target = new URL(upstream);
  const rand = mulberry32(opts.seed ?? 1);
  const o = {
    resetFraction: opts.resetFraction ?? 1 / 3,
    statusFraction: opts.statusFraction ?? 0.1,
    burst: opts.burst ?? 2,
    retryAfter: opts.retryAfter ?? '1',
    max429: opts.max429 ?? 3,
    stallFraction: opts.stallFraction ?? 0,
    stallMs: opts.stallMs ?? 3000,
  };
  const injected: ChaosCounts = { reset: 0, status503: 0, status429: 0, stall: 0 };
  const requests: ChaosProxy['requests'] = [];
  const bursts = new Map<string, { left: number; status: number }>();
  let active = true;

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    const seen: ChaosProxy['requests'][number] = { method, path };
    requests.push(seen);
    const eligible = active && (!opts.methods || opts.methods.includes(method));
    const key = `${method} ${path}`;
    let burst = eligible ? bursts.get(key) : undefined;
    if (eligible && !burst && rand() < o.statusFraction) {
      const status = injected.status429 < o.max429 && rand() < 0.3 ? 429 : 503;
      burst = { left: status === 429 ? 1 : o.burst, status };
      bursts.set(key, burst);
    }
    if (burst && burst.left > 0) {
      if (--burst.left === 0) bursts.delete(key);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (burst.status === 429) {
        headers['retry-after'] = o.retryAfter;
        injected.status429++;
        seen.fault = 'status429';
      } else {
        injected.status503++;
        seen.fault = 'status503';
      }
      req.resume();
      res.writeHead(burst.status, headers);
      res.end(JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'injected by fault-chaos' }] }));
      return;
    }
    const blob = eligible && method === 'GET' && BLOB_GET.test(path);
    const roll = blob ? rand() : 1;
    const wantReset = roll < o.resetFraction;
    const wantStall = !wantReset && roll < o.resetFraction + o.stallFraction;
    const up = httpRequest(
      { host: target.hostname, port: target.port, method, path, headers: { ...req.headers } },
      (upRes) => {
        const length = Number(upRes.headers['content-length'] ?? 0);
        let cutAt: number | undefined;
        if ((wantReset || wantStall) && upRes.statusCode && upRes.statusCode < 300 && length >= 2) {
          cutAt = 1 + Math.floor(rand() * (length - 1));
          if (wantReset) injected.reset++;
          else injected.stall++;
          seen.fault = wantReset ? 'reset' : 'stall';
        }
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        forwardBody(upRes, res, cutAt, wantStall ? o.stallMs : undefined);
      },
    );
    up.on('error', () => res.socket?.destroy());
    req.pipe(up);
  });
  const { host, url, stop } = await listenLoopback(t, server);
  return {
    host,
    url,
    injected,
    requests,
    calm: () => void (active = false),
    stop,
  };
}
