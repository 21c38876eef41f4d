/**
 * Many clients at once: parallel chunked and monolithic pushes of distinct blobs, and parallel reads
 * of one large blob, all byte-exact; the same blob pushed by several clients at once is stored once.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { request } from 'undici';
import { digestOf } from '../../../src/oci/digest.js';
import { seededBytes } from '../../helpers/test-images.js';
import { serveTemp, type TempServer } from './serve-helper.js';

async function pushChunked(srv: TempServer, name: string, data: Buffer): Promise<number> {
  const post = await srv.call('POST', `/v2/${name}/blobs/uploads/`);
  let loc = post.headers.location;
  const step = 64 * 1024;
  for (let off = 0; off < data.length; off += step) {
    const chunk = data.subarray(off, off + step);
    const a = await srv.call('PATCH', loc, {
      headers: { 'content-range': `${off}-${off + chunk.length - 1}` },
      body: chunk,
    });
    assert.equal(a.status, 202);
    loc = a.headers.location;
  }
  return (await srv.call('PUT', `${loc}?digest=${digestOf(data)}`)).status;
}

test('parallel pushes and pulls stay byte-exact', async (t) => {
  const srv = await serveTemp(t);
  const blobs = Array.from({ length: 12 }, (_, i) => seededBytes(`par-${i}`, 300_000 + i * 1000));
  const statuses = await Promise.all(
    blobs.map((b, i) =>
      i % 2 === 0
        ? pushChunked(srv, `p/r${i}`, b)
        : srv
            .call('POST', `/v2/p/r${i}/blobs/uploads/?digest=${digestOf(b)}`, { body: b })
            .then((a) => a.status),
    ),
  );
  assert.deepEqual(
    statuses,
    blobs.map(() => 201),
  );

  const big = seededBytes('big', 8 * 1024 * 1024);
  assert.equal(await pushChunked(srv, 'p/big', big), 201);
  const want = createHash('sha256').update(big).digest('hex');
  const reads = await Promise.all(
    Array.from({ length: 16 }, async () => {
      const res = await request(`${srv.server.url}/v2/p/big/blobs/${digestOf(big)}`);
      const h = createHash('sha256');
      for await (const chunk of res.body) h.update(chunk as Buffer);
      return h.digest('hex');
    }),
  );
  assert.deepEqual(new Set(reads), new Set([want]));
  for (const b of blobs) assert.equal((await srv.call('HEAD', `/v2/p/any/blobs/${digestOf(b)}`)).status, 200);
});

test('the same blob pushed by several clients at once is stored once and intact', async (t) => {
  const srv = await serveTemp(t);
  const data = seededBytes('same', 500_000);
  const digest = digestOf(data);
  const statuses = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      srv
        .call('POST', `/v2/same/r${i}/blobs/uploads/?digest=${digest}`, { body: data })
        .then((a) => a.status),
    ),
  );
  assert.deepEqual(statuses, Array(6).fill(201));
  assert.deepEqual((await srv.call('GET', `/v2/same/r0/blobs/${digest}`)).body, data);
  assert.equal((await srv.server.store.fsck()).ok, true);
});
