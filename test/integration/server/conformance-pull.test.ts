/** Distribution-spec conformance, "Pull": manifests and blobs by tag and digest, Range reads, error codes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OCI_INDEX, OCI_MANIFEST } from '../../../src/oci/media-types.js';
import { makeIndex, pushImage } from '../../helpers/test-images.js';
import { serveTemp } from './serve-helper.js';

async function seeded(t: Parameters<typeof serveTemp>[0]) {
  const srv = await serveTemp(t);
  const img = makeIndex({ seed: 'pull', layerSize: 4096 });
  await pushImage(srv.server.store, img, 'registry.example/team/app:v1');
  return { srv, img };
}

test('GET /v2/ answers 200 with the API version header', async (t) => {
  const { srv } = await seeded(t);
  const a = await srv.call('GET', '/v2/');
  assert.equal(a.status, 200);
  assert.equal(a.headers['docker-distribution-api-version'], 'registry/2.0');
});

test('manifests by tag and digest: bytes, Content-Type, Docker-Content-Digest, Content-Length', async (t) => {
  const { srv, img } = await seeded(t);
  const child = img.images[1].root;
  const cases = [
    { path: '/v2/team/app/manifests/v1', desc: img.root, type: OCI_INDEX },
    { path: '/v2/registry.example/team/app/manifests/v1', desc: img.root, type: OCI_INDEX },
    { path: `/v2/team/app/manifests/${img.root.digest}`, desc: img.root, type: OCI_INDEX },
    { path: `/v2/team/app/manifests/${child.digest}`, desc: child, type: OCI_MANIFEST },
  ];
  for (const c of cases) {
    for (const method of ['GET', 'HEAD']) {
      const a = await srv.call(method, c.path);
      assert.equal(a.status, 200, `${method} ${c.path}`);
      assert.equal(a.headers['content-type'], c.type, c.path);
      assert.equal(a.headers['docker-content-digest'], c.desc.digest, c.path);
      assert.equal(Number(a.headers['content-length']), c.desc.size, c.path);
      if (method === 'GET') assert.deepEqual(a.body, img.blobs.get(c.desc.digest), c.path);
      else assert.equal(a.body.length, 0);
    }
  }
});

test('blobs: GET streams the bytes, HEAD gives the length', async (t) => {
  const { srv, img } = await seeded(t);
  const layer = img.images[0].blobs.keys().next().value as string;
  const data = img.blobs.get(layer) as Buffer;
  const get = await srv.call('GET', `/v2/team/app/blobs/${layer}`);
  assert.equal(get.status, 200);
  assert.deepEqual(get.body, data);
  assert.equal(get.headers['docker-content-digest'], layer);
  const head = await srv.call('HEAD', `/v2/team/app/blobs/${layer}`);
  assert.equal(head.status, 200);
  assert.equal(Number(head.headers['content-length']), data.length);
  assert.equal(head.body.length, 0);
});

test('Range reads of a blob', async (t) => {
  const { srv, img } = await seeded(t);
  const layer = img.images[0].blobs.keys().next().value as string;
  const data = img.blobs.get(layer) as Buffer;
  const n = data.length;
  const cases: { range: string; status: number; start?: number; end?: number }[] = [
    { range: 'bytes=0-9', status: 206, start: 0, end: 9 },
    { range: 'bytes=100-', status: 206, start: 100, end: n - 1 },
    { range: 'bytes=-16', status: 206, start: n - 16, end: n - 1 },
    { range: `bytes=10-${n + 500}`, status: 206, start: 10, end: n - 1 },
    { range: `bytes=${n}-`, status: 416 },
    { range: 'bytes=9-3', status: 416 },
  ];
  for (const c of cases) {
    const a = await srv.call('GET', `/v2/team/app/blobs/${layer}`, { headers: { range: c.range } });
    assert.equal(a.status, c.status, c.range);
    if (c.status === 206) {
      assert.deepEqual(a.body, data.subarray(c.start, (c.end as number) + 1), c.range);
      assert.equal(a.headers['content-range'], `bytes ${c.start}-${c.end}/${n}`, c.range);
    } else {
      assert.equal(a.headers['content-range'], `bytes */${n}`, c.range);
    }
  }
});

test('error codes for unknown names, manifests and blobs', async (t) => {
  const { srv, img } = await seeded(t);
  const layer = img.images[0].blobs.keys().next().value as string;
  const missing = `sha256:${'0'.repeat(64)}`;
  const cases = [
    { m: 'GET', path: '/v2/nobody/here/manifests/v1', status: 404, code: 'NAME_UNKNOWN' },
    { m: 'GET', path: '/v2/team/app/manifests/v2', status: 404, code: 'MANIFEST_UNKNOWN' },
    { m: 'GET', path: `/v2/team/app/manifests/${missing}`, status: 404, code: 'MANIFEST_UNKNOWN' },
    { m: 'GET', path: `/v2/team/app/manifests/${layer}`, status: 404, code: 'MANIFEST_UNKNOWN' },
    { m: 'GET', path: `/v2/team/app/blobs/${missing}`, status: 404, code: 'BLOB_UNKNOWN' },
    { m: 'GET', path: '/v2/team/app/blobs/sha256:nothex', status: 400, code: 'DIGEST_INVALID' },
    { m: 'GET', path: '/v2/Team/App/manifests/v1', status: 400, code: 'NAME_INVALID' },
    { m: 'GET', path: '/v2/nobody/tags/list', status: 404, code: 'NAME_UNKNOWN' },
  ];
  for (const c of cases) {
    const a = await srv.call(c.m, c.path);
    assert.equal(a.status, c.status, c.path);
    assert.equal(a.code, c.code, c.path);
    assert.match(a.headers['content-type'], /json/);
  }
  const head = await srv.call('HEAD', `/v2/team/app/blobs/${missing}`);
  assert.equal(head.status, 404);
  assert.equal(head.body.length, 0);
});
