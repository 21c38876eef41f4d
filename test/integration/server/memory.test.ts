/**
 * Constant memory: a blob much larger than any buffer goes up (monolithic PUT and chunked PATCH) and
 * comes down again while this process's heap + buffer memory stays far below the blob's size.
 * Server and client share the process, so the bound covers both sides.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { serveTemp } from './serve-helper.js';

const SIZE = 128 * 1024 * 1024;
const PIECE = Buffer.alloc(1024 * 1024, 0x5a);

/** A stream of SIZE bytes made on demand, never held whole. */
function bigStream(): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= SIZE) return void this.push(null);
      sent += PIECE.length;
      this.push(PIECE);
    },
  });
}

function bigDigest(): string {
  const h = createHash('sha256');
  for (let n = 0; n < SIZE; n += PIECE.length) h.update(PIECE);
  return `sha256:${h.digest('hex')}`;
}

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

test('pushing and pulling a 128 MiB blob keeps memory far below its size', async (t) => {
  const srv = await serveTemp(t);
  const digest = bigDigest();
  global.gc?.();
  const base = used();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, used())), 20);
  t.after(() => clearInterval(sampler));

  const post = await srv.call('POST', '/v2/big/blobs/uploads/');
  const put = await request(`${srv.server.url}${post.headers.location}?digest=${digest}`, {
    method: 'PUT',
    headers: { 'content-length': String(SIZE) },
    body: bigStream(),
  });
  await put.body.dump();
  assert.equal(put.statusCode, 201);

  const res = await request(`${srv.server.url}/v2/big/blobs/${digest}`);
  const h = createHash('sha256');
  let got = 0;
  for await (const chunk of res.body) {
    h.update(chunk as Buffer);
    got += (chunk as Buffer).length;
  }
  assert.equal(got, SIZE);
  assert.equal(`sha256:${h.digest('hex')}`, digest);
  clearInterval(sampler);
  const grew = peak - base;
  t.diagnostic(`peak growth ${Math.round(grew / 1048576)} MiB`);
  assert.ok(grew < SIZE / 2, `memory grew by ${Math.round(grew / 1048576)} MiB while moving 2 × 128 MiB`);
});
