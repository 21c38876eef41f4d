/**
 * A small HTTP proxy in front of a real (plain HTTP) registry that makes the faults a registry does not
 * make on demand: a connection reset mid-body at a byte offset, 429 with Retry-After, a 5xx burst, a stall,
 * a redirect to another host. It can also demand Basic auth itself, and it records every request it saw
 * (method, path, headers) so tests can check what was sent where. Faults are counted.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type IncomingHttpHeaders,
} from 'node:http';
import type { TestContext } from 'node:test';
import { listenLoopback } from './ports.js';

/** The faults the proxy can inject. */
export type Fault =
  | { kind: 'reset'; afterBytes: number }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'stall'; ms: number }
  | { kind: 'redirect'; to: string; status?: number };

/** FaultRule: inject `fault` into the next `times` requests that match. */
export interface FaultRule {
  method?: string;
  /** Matched against the request path (with query). */
  path?: RegExp;
  /** How many matching requests get the fault. Default 1. */
  times?: number;
  fault: Fault;
}

/** A request the proxy saw. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The fault injected into it, if any. */
  fault?: Fault['kind'];
}

/** A running fault proxy. */
export interface FaultProxy {
  /** '127.0.0.1:PORT' */
  host: string;
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** Faults injected so far, by kind. */
  injected: Record<Fault['kind'], number>;
  /** Every request seen, in order. */
  requests: SeenRequest[];
  addRule(rule: FaultRule): void;
  clearRules(): void;
  stop(): Promise<void>;
}

function matches(rule: FaultRule & { left: number }, req: IncomingMessage): boolean {
  if (rule.left <= 0) return false;
  if (rule.method && rule.method !== req.method) return false;
  if (rule.path && !rule.path.test(req.url ?? '')) return false;
  return true;
}

/** startFaultProxy forwards to `upstream` (an http:// origin) and stops after the test. */
export async function startFaultProxy(
  t: TestContext,
  upstream: string,
  opts: { requireBasic?: { username: string; password: string } } = {},
): Promise<FaultProxy> {
  const target = new URL(upstream);
  const rules: (FaultRule & { left: number })[] = [];
  const injected: FaultProxy['injected'] = { reset: 0, status: 0, stall: 0, redirect: 0 };
  const requests: SeenRequest[] = [];
  const expected = opts.requireBasic
    ? `Basic ${Buffer.from(`${opts.requireBasic.username}:${opts.requireBasic.password}`).toString('base64')}`
    : undefined;

  const server = createServer((req, res) => {
    const seen: SeenRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers };
    requests.push(seen);
    if (expected && req.headers.authorization !== expected) {
      req.resume();
      res.writeHead(401, {
        'www-authenticate': 'Basic realm="fault-proxy"',
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    const rule = rules.find((r) => matches(r, req));
    const fault = rule?.fault;
    if (rule && fault) {
      rule.left--;
      injected[fault.kind]++;
      seen.fault = fault.kind;
    }
    if (fault?.kind === 'status') {
      req.resume();
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      res.writeHead(fault.status, headers);
      res.end(fault.body ?? JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'injected fault' }] }));
      return;
    }
    if (fault?.kind === 'redirect') {
      req.resume();
      res.writeHead(fault.status ?? 307, { location: `${fault.to}${req.url ?? '/'}` });
      res.end();
      return;
    }
    const forward = (): void => {
      const up = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers },
        },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          if (fault?.kind !== 'reset') {
            upRes.pipe(res);
            return;
          }
          let sent = 0;
          upRes.on('data', (chunk: Buffer) => {
            if (sent >= fault.afterBytes) return;
            const part = chunk.subarray(0, fault.afterBytes - sent);
            sent += part.length;
            res.write(part, () => {
              if (sent >= fault.afterBytes) {
                upRes.destroy();
                res.socket?.destroy();
              }
            });
          });
        },
      );
      up.on('error', () => res.socket?.destroy());
      req.pipe(up);
    };
    if (fault?.kind === 'stall') setTimeout(forward, fault.ms);
    else forward();
  });
  const { host, url, stop } = await listenLoopback(t, server);
  return {
    host,
    url,
    injected,
    requests,
    addRule: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    clearRules: () => void rules.splice(0),
    stop,
  };
}
