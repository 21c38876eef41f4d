/** The registry client against a real docker-registry (distribution 2.8) over plain HTTP. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { openRepository, openRegistry, closeAllClients } from '../../../src/registry/index.js';
import { BUFFER_UPLOAD_LIMIT } from '../../../src/registry/options.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { makeImage, makeIndex, pushImage, pushOrder, seededBytes } from '../../helpers/test-images.js';
import { which } from '../../helpers/require-tool.js';
import { OCI_INDEX, OCI_LAYER_GZIP } from '../../../src/oci/media-types.js';
import { digestOf } from '../../../src/oci/digest.js';
import type { DeckhandError } from '../../../src/errors.js';

test.after(closeAllClients);

const code = (c: string) => (e: unknown) => (e as DeckhandError).code === c;

test('registry client over plain HTTP', async (t) => {
  const reg = await startRegistry(t);
  if (!reg) return;
  const open = (name: string) => openRepository(`${reg.host}/${name}`, { plainHttp: true });

  await t.test('push then pull is byte-exact, by tag and by digest', async () => {
    const img = makeImage({ seed: 'plain-1', layers: 3, layerSize: 300_000 });
    const repo = open('test/app');
    await pushImage(repo, img, 'v1');
    assert.deepEqual(await repo.resolve('v1'), { ...img.root });
    assert.deepEqual(await repo.resolve(img.root.digest), { ...img.root });
    for (const d of pushOrder(img)) {
      const got = await buffer(await repo.fetch(d));
      assert.ok(got.equals(img.blobs.get(d.digest) as Buffer), `bytes of ${d.digest}`);
    }
  });

  await t.test('existing content is found by HEAD and not uploaded again', async () => {
    const img = makeImage({ seed: 'plain-skip', layers: 2 });
    const repo = open('test/skip');
    await pushImage(repo, img, 'v1');
    for (const d of pushOrder(img)) assert.equal(await repo.exists(d), true, d.digest);
    const before = repo.client.stats.requests;
    await pushImage(repo, img, 'v1');
    // One HEAD per node plus the tag PUT: no upload session was opened.
    assert.equal(repo.client.stats.requests - before, pushOrder(img).length + 1);
    const missing = { mediaType: OCI_LAYER_GZIP, digest: digestOf('nope'), size: 4 };
    assert.equal(await repo.exists(missing), false);
  });

  await t.test('a blob is mounted from another repository of the same registry (201)', async () => {
    const img = makeImage({ seed: 'plain-mount', layers: 1 });
    const src = open('test/mount-src');
    await pushImage(src, img, 'v1');
    const dst = open('test/mount-dst');
    assert.equal(dst.client, src.client, 'repositories of one registry share one client');
    const layer = pushOrder(img)[0]!;
    assert.equal(await dst.exists(layer), false);
    assert.equal(await dst.mount(layer, 'test/mount-src'), true);
    assert.equal(await dst.exists(layer), true);
    const missing = { mediaType: OCI_LAYER_GZIP, digest: digestOf('absent'), size: 6 };
    assert.equal(await dst.mount(missing, 'test/mount-src'), false);
  });

  await t.test('a multi-arch index is pushed and read back', async () => {
    const idx = makeIndex({ seed: 'plain-index' });
    const repo = open('test/multi');
    await pushImage(repo, idx, 'multi');
    const root = await repo.resolve('multi');
    assert.equal(root.mediaType, OCI_INDEX);
    assert.equal(root.digest, idx.root.digest);
    const doc = JSON.parse((await buffer(await repo.fetch(root))).toString()) as {
      manifests: { digest: string; platform: { architecture: string } }[];
    };
    assert.deepEqual(
      doc.manifests.map((m) => m.platform.architecture),
      ['amd64', 'arm64'],
    );
    for (const img of idx.images) {
      const m = await repo.fetchManifest(img.root.digest);
      assert.ok(m.bytes.equals(img.blobs.get(img.root.digest) as Buffer));
    }
  });

  await t.test('tags are listed across Link pages', async () => {
    const img = makeImage({ seed: 'plain-tags', layers: 1 });
    const repo = open('test/tags');
    const names = ['a', 'b', 'c', 'd', 'e'];
    await pushImage(repo, img, 'a');
    for (const n of names.slice(1)) await repo.tag(img.root, n);
    assert.deepEqual((await repo.tags({ pageSize: 2 })).sort(), names);
  });

  await t.test('chunked upload (PATCH) gives the same bytes', async () => {
    const img = makeImage({ seed: 'plain-chunk', layers: 1, layerSize: 100_000 });
    const repo = openRepository(`${reg.host}/test/chunked`, { plainHttp: true, chunkSize: 30_000 });
    await pushImage(repo, img, 'v1');
    const layer = pushOrder(img)[0]!;
    assert.ok((await buffer(await repo.fetch(layer))).equals(img.blobs.get(layer.digest) as Buffer));
  });

  await t.test('a blob over the buffering limit is streamed up and down; bad bytes are refused', async () => {
    const size = BUFFER_UPLOAD_LIMIT + 123_457;
    // Seeded 1 MiB blocks, each stamped with its index: big, distinct, and quick to make.
    const block = seededBytes('plain-big', 1 << 20);
    const data = Buffer.alloc(size);
    for (let off = 0, i = 0; off < size; off += block.length, i++) {
      block.copy(data, off);
      data.writeUInt32BE(i, off);
    }
    const desc = { mediaType: OCI_LAYER_GZIP, digest: digestOf(data), size };
    const repo = open('test/big');
    const halves = [data.subarray(0, size >> 1), data.subarray(size >> 1)];
    await repo.push(desc, Readable.from(halves));
    assert.ok((await buffer(await repo.fetch(desc))).equals(data));

    const evil = Buffer.from(data);
    evil[size - 1] ^= 0xff;
    const evilDesc = { ...desc, digest: digestOf(data.subarray(1)) };
    await assert.rejects(repo.push(evilDesc, Readable.from([evil])), (e: DeckhandError) =>
      ['E_DIGEST_MISMATCH', 'DIGEST_INVALID'].includes(e.code),
    );
    assert.equal(await repo.exists(evilDesc), false);
  });

  await t.test('registry errors have stable codes', async () => {
    const repo = open('test/app');
    await assert.rejects(repo.resolve('no-such-tag'), code('MANIFEST_UNKNOWN'));
    const blob = { mediaType: OCI_LAYER_GZIP, digest: digestOf('missing blob'), size: 12 };
    await assert.rejects(repo.fetch(blob), code('BLOB_UNKNOWN'));
    await assert.rejects(open('test/never-pushed').tags(), code('NAME_UNKNOWN'));
    await assert.rejects(repo.resolve('UPPER/not a tag'), code('E_REFERENCE'));
  });

  await t.test('bytes that do not match the descriptor are refused', async () => {
    const repo = open('test/bad');
    const desc = { mediaType: OCI_LAYER_GZIP, digest: digestOf('good bytes'), size: 10 };
    await assert.rejects(
      repo.push(desc, Readable.from([Buffer.from('evil bytes')])),
      code('E_DIGEST_MISMATCH'),
    );
    assert.equal(await repo.exists(desc), false);
  });

  await t.test('a manifest is deleted by digest', async () => {
    const img = makeImage({ seed: 'plain-delete', layers: 1 });
    const repo = open('test/delete');
    await pushImage(repo, img, 'v1');
    await repo.delete(img.root);
    await assert.rejects(repo.resolve(img.root.digest), code('MANIFEST_UNKNOWN'));
  });

  await t.test('ping, catalog, and plain HTTP found on its own for a loopback host', async () => {
    const registry = openRegistry(reg.host);
    const ping = await registry.ping();
    assert.equal(ping.url, reg.url);
    assert.equal(ping.apiVersion, 'registry/2.0');
    const repos = await registry.catalog({ pageSize: 3 });
    for (const r of ['test/app', 'test/multi', 'test/tags']) assert.ok(repos.includes(r), r);
  });

  await t.test('skopeo reads what we pushed', async (t) => {
    if (!which('skopeo')) return t.skip('skopeo is not installed');
    const out = execFileSync(
      'skopeo',
      ['inspect', '--raw', '--tls-verify=false', `docker://${reg.host}/test/multi:multi`],
      { encoding: 'utf8' },
    );
    assert.equal(digestOf(out), makeIndex({ seed: 'plain-index' }).root.digest);
  });
});
