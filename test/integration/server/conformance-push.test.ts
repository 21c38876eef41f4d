/**
 * Distribution-spec conformance, "Push": monolithic (POST+PUT, single POST), chunked PATCH uploads,
 * mounts, manifests by tag and digest, and rejections that must leave nothing stored.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { digestOf } from '../../../src/oci/digest.js';
import { OCI_INDEX, OCI_MANIFEST } from '../../../src/oci/media-types.js';
import { blobPath } from '../../../src/store/index.js';
import { makeImage, makeIndex, pushOrder, seededBytes } from '../../helpers/test-images.js';
import { serveTemp, type TempServer } from './serve-helper.js';

async function open(srv: TempServer, name: string): Promise<string> {
  const a = await srv.call('POST', `/v2/${name}/blobs/uploads/`);
  assert.equal(a.status, 202);
  assert.match(a.headers.location, new RegExp(`^/v2/${name}/blobs/uploads/[0-9a-f-]+$`));
  assert.ok(a.headers['docker-upload-uuid']);
  return a.headers.location;
}

function ingestFiles(srv: TempServer): string[] {
  const dir = join(srv.server.store.root, 'ingest');
  return existsSync(dir) ? readdirSync(dir) : [];
}

test('monolithic upload: POST then PUT with the whole blob', async (t) => {
  const srv = await serveTemp(t);
  const data = seededBytes('mono', 70_000);
  const digest = digestOf(data);
  const loc = await open(srv, 'a/b');
  const put = await srv.call('PUT', `${loc}?digest=${digest}`, {
    headers: { 'content-type': 'application/octet-stream' },
    body: data,
  });
  assert.equal(put.status, 201);
  assert.equal(put.headers.location, `/v2/a/b/blobs/${digest}`);
  assert.equal(put.headers['docker-content-digest'], digest);
  assert.deepEqual((await srv.call('GET', `/v2/a/b/blobs/${digest}`)).body, data);
  assert.deepEqual(ingestFiles(srv), [], 'the session file is gone');
});

test('single POST with ?digest= stores the blob at once', async (t) => {
  const srv = await serveTemp(t);
  const data = seededBytes('single-post', 5000);
  const digest = digestOf(data);
  const a = await srv.call('POST', `/v2/a/b/blobs/uploads/?digest=${digest}`, { body: data });
  assert.equal(a.status, 201);
  assert.equal(a.headers['docker-content-digest'], digest);
  assert.ok(existsSync(blobPath(srv.server.store.root, digest)));
});

test('chunked upload: PATCH chunks with Content-Range, status GET, PUT with the last chunk', async (t) => {
  const srv = await serveTemp(t);
  const data = seededBytes('chunked', 30_000);
  const digest = digestOf(data);
  let loc = await open(srv, 'chunky');
  const chunks = [data.subarray(0, 10_000), data.subarray(10_000, 25_000)];
  let offset = 0;
  for (const c of chunks) {
    const a = await srv.call('PATCH', loc, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-range': `${offset}-${offset + c.length - 1}`,
      },
      body: c,
    });
    assert.equal(a.status, 202);
    offset += c.length;
    assert.equal(a.headers.range, `0-${offset - 1}`);
    loc = a.headers.location;
  }
  const status = await srv.call('GET', loc);
  assert.equal(status.status, 204);
  assert.equal(status.headers.range, `0-${offset - 1}`);
  const put = await srv.call('PUT', `${loc}?digest=${digest}`, { body: data.subarray(offset) });
  assert.equal(put.status, 201);
  assert.deepEqual((await srv.call('GET', `/v2/chunky/blobs/${digest}`)).body, data);
  assert.equal((await srv.call('GET', loc)).code, 'BLOB_UPLOAD_UNKNOWN', 'a finished session is gone');
});

test('an out-of-order chunk is 416 and the upload can go on', async (t) => {
  const srv = await serveTemp(t);
  const data = seededBytes('ooo', 2000);
  const loc = await open(srv, 'x');
  const first = await srv.call('PATCH', loc, {
    headers: { 'content-range': '0-999' },
    body: data.subarray(0, 1000),
  });
  assert.equal(first.status, 202);
  const bad = await srv.call('PATCH', loc, {
    headers: { 'content-range': '500-1499' },
    body: data.subarray(500, 1500),
  });
  assert.equal(bad.status, 416);
  assert.equal(bad.headers.range, '0-999');
  const put = await srv.call('PUT', `${loc}?digest=${digestOf(data)}`, { body: data.subarray(1000) });
  assert.equal(put.status, 201);
});

test('an upload with the wrong digest is rejected and nothing is stored', async (t) => {
  const srv = await serveTemp(t);
  const data = seededBytes('wrong', 10_000);
  const claimed = digestOf(Buffer.from('something else'));
  const cases = [
    {
      name: 'monolithic PUT',
      run: async () => srv.call('PUT', `${await open(srv, 'w')}?digest=${claimed}`, { body: data }),
    },
    {
      name: 'single POST',
      run: () => srv.call('POST', `/v2/w/blobs/uploads/?digest=${claimed}`, { body: data }),
    },
    {
      name: 'chunked',
      run: async () => {
        const loc = await open(srv, 'w');
        await srv.call('PATCH', loc, { body: data });
        return srv.call('PUT', `${loc}?digest=${claimed}`);
      },
    },
  ];
  for (const c of cases) {
    const a = await c.run();
    assert.equal(a.status, 400, c.name);
    assert.equal(a.code, 'DIGEST_INVALID', c.name);
    assert.equal(existsSync(blobPath(srv.server.store.root, claimed)), false, c.name);
    assert.equal(existsSync(blobPath(srv.server.store.root, digestOf(data))), false, c.name);
    assert.equal((await srv.call('HEAD', `/v2/w/blobs/${claimed}`)).status, 404, c.name);
  }
  assert.deepEqual(ingestFiles(srv), []);
  const bad = await srv.call('PUT', `${await open(srv, 'w')}?digest=sha256:xyz`, { body: data });
  assert.equal(bad.code, 'DIGEST_INVALID');
});

test('mount from another repository: 201 when the blob is here, an upload session otherwise', async (t) => {
  const srv = await serveTemp(t);
  const data = seededBytes('mount', 3000);
  const digest = digestOf(data);
  await srv.call('POST', `/v2/src/repo/blobs/uploads/?digest=${digest}`, { body: data });
  const hit = await srv.call('POST', `/v2/dst/repo/blobs/uploads/?mount=${digest}&from=src/repo`);
  assert.equal(hit.status, 201);
  assert.equal(hit.headers.location, `/v2/dst/repo/blobs/${digest}`);
  const miss = await srv.call(
    'POST',
    `/v2/dst/repo/blobs/uploads/?mount=sha256:${'1'.repeat(64)}&from=src/repo`,
  );
  assert.equal(miss.status, 202);
});

test('cancelling an upload deletes it', async (t) => {
  const srv = await serveTemp(t);
  const loc = await open(srv, 'c');
  await srv.call('PATCH', loc, { body: Buffer.alloc(100, 1) });
  assert.equal((await srv.call('DELETE', loc)).status, 204);
  assert.equal((await srv.call('GET', loc)).code, 'BLOB_UPLOAD_UNKNOWN');
  assert.equal((await srv.call('DELETE', loc)).code, 'BLOB_UPLOAD_UNKNOWN');
  assert.deepEqual(ingestFiles(srv), []);
});

async function pushBlobs(
  srv: TempServer,
  name: string,
  blobs: Map<string, Buffer>,
  digests: string[],
): Promise<void> {
  for (const d of digests) {
    const a = await srv.call('POST', `/v2/${name}/blobs/uploads/?digest=${d}`, { body: blobs.get(d) });
    assert.equal(a.status, 201);
  }
}

test('manifest PUT by tag and by digest; a multi-arch index after its children', async (t) => {
  const srv = await serveTemp(t);
  const img = makeIndex({ seed: 'push-index', layerSize: 2000 });
  const order = pushOrder(img);
  const blobs = order.filter((d) => d.mediaType !== OCI_MANIFEST && d.mediaType !== OCI_INDEX);
  await pushBlobs(
    srv,
    'multi',
    img.blobs,
    blobs.map((d) => d.digest),
  );
  for (const m of img.images) {
    const a = await srv.call('PUT', `/v2/multi/manifests/${m.root.digest}`, {
      headers: { 'content-type': OCI_MANIFEST },
      body: img.blobs.get(m.root.digest),
    });
    assert.equal(a.status, 201);
    assert.equal(a.headers['docker-content-digest'], m.root.digest);
  }
  const put = await srv.call('PUT', '/v2/multi/manifests/v1', {
    headers: { 'content-type': OCI_INDEX },
    body: img.blobs.get(img.root.digest),
  });
  assert.equal(put.status, 201);
  assert.equal(put.headers.location, `/v2/multi/manifests/${img.root.digest}`);
  const got = await srv.call('GET', '/v2/multi/manifests/v1');
  assert.equal(got.headers['docker-content-digest'], img.root.digest);
  const host = srv.server.host;
  assert.deepEqual(
    (await srv.server.store.refs()).map((r) => r.reference),
    [`${host}/multi:v1`],
    'stored under the name the client pushed to',
  );
});

test('manifest PUT rejections', async (t) => {
  const srv = await serveTemp(t);
  const img = makeImage({ seed: 'reject', layerSize: 500 });
  const manifest = img.blobs.get(img.root.digest) as Buffer;
  const cases = [
    {
      name: 'blobs missing',
      path: '/v2/r/manifests/v1',
      body: manifest,
      status: 400,
      code: 'MANIFEST_BLOB_UNKNOWN',
    },
    {
      name: 'not JSON',
      path: '/v2/r/manifests/v1',
      body: Buffer.from('{nope'),
      status: 400,
      code: 'MANIFEST_INVALID',
    },
    {
      name: 'digest mismatch',
      path: `/v2/r/manifests/${digestOf('other')}`,
      body: manifest,
      status: 400,
      code: 'DIGEST_INVALID',
    },
    { name: 'bad tag', path: '/v2/r/manifests/-bad', body: manifest, status: 400, code: 'TAG_INVALID' },
    {
      name: 'over 4 MiB',
      path: '/v2/r/manifests/big',
      body: Buffer.alloc(4 * 1024 * 1024 + 1, 0x20),
      status: 413,
      code: 'SIZE_INVALID',
    },
  ];
  for (const c of cases) {
    const a = await srv.call('PUT', c.path, { headers: { 'content-type': OCI_MANIFEST }, body: c.body });
    assert.equal(a.status, c.status, c.name);
    assert.equal(a.code, c.code, c.name);
  }
  assert.equal(existsSync(blobPath(srv.server.store.root, img.root.digest)), false);
  assert.deepEqual(await srv.server.store.refs(), []);
});
