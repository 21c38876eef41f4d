/**
 * Graceful shutdown: stopping the server drops in-flight uploads (nothing half-written becomes
 * visible, no session file is left), refuses new connections, and lets a finished store stay whole.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { digestOf } from '../../../src/oci/digest.js';
import { blobPath } from '../../../src/store/index.js';
import { seededBytes } from '../../helpers/test-images.js';
import { serveTemp } from './serve-helper.js';

test('stop() drops an upload in flight: no blob, no session file, no new connections', async (t) => {
  const srv = await serveTemp(t);
  const data = seededBytes('shutdown', 1_000_000);
  const digest = digestOf(data);
  const post = await srv.call('POST', '/v2/big/blobs/uploads/');
  const chunked = await srv.call('POST', '/v2/big/blobs/uploads/');
  await srv.call('PATCH', chunked.headers.location, { body: data.subarray(0, 1000) });

  // Half a body, then silence: the server is mid-ingest when asked to stop.
  const url = new URL(`${srv.server.url}${post.headers.location}?digest=${digest}`);
  const req = httpRequest(url, { method: 'PUT', headers: { 'content-length': data.length } });
  const outcome = new Promise<string>((resolve) => {
    req.on('response', (res) => resolve(`status ${res.statusCode}`));
    req.on('error', (e) => resolve(`error ${(e as NodeJS.ErrnoException).code ?? e.message}`));
  });
  req.write(data.subarray(0, data.length / 2));
  await sleep(200);

  await srv.server.stop();
  assert.match(await outcome, /^error /, 'the client sees its upload cut off');
  assert.equal(existsSync(blobPath(srv.server.store.root, digest)), false);
  const ingest = join(srv.server.store.root, 'ingest');
  assert.deepEqual(existsSync(ingest) ? readdirSync(ingest) : [], []);
  await assert.rejects(srv.call('GET', '/v2/'), /ECONNREFUSED|closed|other side/i);
  assert.equal((await srv.server.store.fsck()).ok, true);
});

test('stop() is idempotent', async (t) => {
  const srv = await serveTemp(t);
  await Promise.all([srv.server.stop(), srv.server.stop()]);
  await srv.server.stop();
});

test('a client that disconnects mid-upload leaves nothing behind', async (t) => {
  const srv = await serveTemp(t);
  const data = seededBytes('disconnect', 400_000);
  const digest = digestOf(data);
  const cases = [
    {
      name: 'monolithic PUT',
      path: async () =>
        `${(await srv.call('POST', '/v2/d/blobs/uploads/')).headers.location}?digest=${digest}`,
      method: 'PUT',
    },
    { name: 'single POST', path: async () => `/v2/d/blobs/uploads/?digest=${digest}`, method: 'POST' },
    {
      name: 'PATCH',
      path: async () => (await srv.call('POST', '/v2/d/blobs/uploads/')).headers.location,
      method: 'PATCH',
    },
  ];
  for (const c of cases) {
    const req = httpRequest(new URL(`${srv.server.url}${await c.path()}`), {
      method: c.method,
      headers: { 'content-length': data.length },
    });
    req.on('error', () => undefined);
    req.write(data.subarray(0, 100_000));
    await sleep(100);
    req.destroy();
    await sleep(200);
    assert.equal(existsSync(blobPath(srv.server.store.root, digest)), false, c.name);
    const ingest = join(srv.server.store.root, 'ingest');
    const partials = (existsSync(ingest) ? readdirSync(ingest) : []).filter((f) => !f.startsWith('upload.'));
    assert.deepEqual(partials, [], `${c.name}: no ingest file of the store is left`);
  }
});
