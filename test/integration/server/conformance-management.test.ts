/** Distribution-spec conformance, "Content management": deleting tags and manifests; read-only mode. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { digestOf } from '../../../src/oci/digest.js';
import { blobPath, LayoutStore } from '../../../src/store/index.js';
import { makeImage, pushImage } from '../../helpers/test-images.js';
import { serveTemp } from './serve-helper.js';

test('DELETE a tag removes only that tag; the content stays for gc', async (t) => {
  const srv = await serveTemp(t);
  const img = makeImage({ seed: 'del-tag' });
  await pushImage(srv.server.store, img, 'r.example/app:a');
  await pushImage(srv.server.store, img, 'r.example/app:b');
  const del = await srv.call('DELETE', '/v2/app/manifests/a');
  assert.equal(del.status, 202);
  assert.equal((await srv.call('GET', '/v2/app/manifests/a')).code, 'MANIFEST_UNKNOWN');
  assert.equal((await srv.call('GET', '/v2/app/manifests/b')).status, 200);
  assert.ok(existsSync(blobPath(srv.server.store.root, img.root.digest)));
  assert.equal((await srv.call('DELETE', '/v2/app/manifests/a')).code, 'MANIFEST_UNKNOWN');
});

test('DELETE by digest removes every tag of the repository that points at it, not other repositories', async (t) => {
  const srv = await serveTemp(t);
  const img = makeImage({ seed: 'del-digest' });
  await pushImage(srv.server.store, img, 'r.example/app:a');
  await pushImage(srv.server.store, img, 'r.example/app:b');
  await pushImage(srv.server.store, img, 'r.example/other:a');
  const del = await srv.call('DELETE', `/v2/app/manifests/${img.root.digest}`);
  assert.equal(del.status, 202);
  assert.deepEqual(
    (await srv.server.store.refs()).map((r) => r.reference),
    ['r.example/other:a'],
  );
  const cases = [
    { path: `/v2/app/manifests/${img.root.digest}`, code: 'NAME_UNKNOWN' },
    { path: `/v2/other/manifests/${digestOf('nothing')}`, code: 'MANIFEST_UNKNOWN' },
    { path: `/v2/other/blobs/${img.root.digest}`, code: 'UNSUPPORTED' },
  ];
  for (const c of cases) assert.equal((await srv.call('DELETE', c.path)).code, c.code, c.path);
});

test('read-only mode refuses every write with 405 UNSUPPORTED and still serves reads', async (t) => {
  const seed = await serveTemp(t);
  const img = makeImage({ seed: 'ro' });
  await pushImage(seed.server.store, img, 'r.example/app:v1');
  const images = seed.server.store.root;
  const ro = await serveTemp(t, { imagesDir: images, readOnly: true });
  const cases = [
    ['POST', '/v2/app/blobs/uploads/'],
    ['PUT', '/v2/app/manifests/v2'],
    ['DELETE', '/v2/app/manifests/v1'],
    ['PATCH', '/v2/app/blobs/uploads/0000'],
  ];
  for (const [m, p] of cases) {
    const a = await ro.call(m, p, m === 'GET' ? {} : { body: '{}' });
    assert.equal(a.status, 405, `${m} ${p}`);
    assert.equal(a.code, 'UNSUPPORTED', `${m} ${p}`);
  }
  assert.equal((await ro.call('GET', '/v2/app/manifests/v1')).status, 200);
  assert.equal((await LayoutStore.open(images)).root, images);
});

test('read-only mode does not create a missing store', async (t) => {
  const seed = await serveTemp(t);
  await assert.rejects(serveTemp(t, { imagesDir: join(seed.dir, 'nothing-here'), readOnly: true }), {
    code: 'E_STORE',
  });
});

test('a method an endpoint does not take is 405 UNSUPPORTED with Allow; other paths are 404', async (t) => {
  const srv = await serveTemp(t);
  const cases = [
    { m: 'POST', path: '/v2/_catalog', allow: 'GET' },
    { m: 'PUT', path: '/v2/app/tags/list', allow: 'GET' },
    { m: 'GET', path: '/v2/app/blobs/uploads/', allow: 'POST' },
    { m: 'POST', path: `/v2/app/manifests/v1`, allow: 'GET, HEAD, PUT, DELETE' },
  ];
  for (const c of cases) {
    const a = await srv.call(c.m, c.path);
    assert.equal(a.status, 405, `${c.m} ${c.path}`);
    assert.equal(a.code, 'UNSUPPORTED', `${c.m} ${c.path}`);
    assert.equal(a.headers.allow, c.allow, `${c.m} ${c.path}`);
  }
  for (const path of ['/', '/v1/', '/v2/app/unknown/endpoint']) {
    assert.equal((await srv.call('GET', path)).status, 404, path);
  }
});
