/**
 * serveTemp starts our registry server on a free loopback port over a temp images_dir for one test
 * and stops it afterwards; `call` sends one raw request (undici, no redirects, no decompression).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { Agent, request } from 'undici';
import { startRegistryServer, type RegistryServer, type ServeOptions } from '../../../src/server/index.js';

/** A raw answer: status, lower-case headers, body bytes and the parsed error code (if JSON errors). */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** `errors[0].code` of an error body. */
  code?: string;
  json<T = unknown>(): T;
}

/** A server for one test. */
export interface TempServer {
  server: RegistryServer;
  dir: string;
  call(
    method: string,
    path: string,
    opts?: { headers?: Record<string, string>; body?: Buffer | string },
  ): Promise<Answer>;
}

/** serveTemp starts a server on 127.0.0.1:0 with a fresh images_dir; options override the defaults. */
export async function serveTemp(t: TestContext, opts: Partial<ServeOptions> = {}): Promise<TempServer> {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-serve-'));
  const server = await startRegistryServer({
    imagesDir: join(dir, 'images'),
    port: 0,
    onError: (e) => t.diagnostic(`server error: ${String(e)}`),
    ...opts,
  });
  const agent = new Agent({ connect: { rejectUnauthorized: false } });
  t.after(async () => {
    await agent.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    server,
    dir,
    async call(method, path, o = {}) {
      const res = await request(`${server.url}${path}`, {
        method: method as 'GET',
        headers: o.headers,
        body: o.body,
        dispatcher: agent,
      });
      const body = Buffer.from(await res.body.arrayBuffer());
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers))
        headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      let code: string | undefined;
      if (res.statusCode >= 400 && body.length > 0) {
        try {
          code = (JSON.parse(body.toString('utf8')) as { errors: { code: string }[] }).errors[0]?.code;
        } catch {
          code = undefined;
        }
      }
      return {
        status: res.statusCode,
        headers,
        body,
        code,
        json: <T>() => JSON.parse(body.toString('utf8')) as T,
      };
    },
  };
}
