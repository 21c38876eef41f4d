import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readAll } from '../../../src/content/read-all.js';
import { LayoutStore } from '../../../src/store/index.js';
import { blobPath } from '../../../src/store/paths.js';
import { makeImage, makeIndex, pushImage, pushOrder } from '../../helpers/test-images.js';

async function tempStore(t: { after: (fn: () => Promise<void>) => void }): Promise<LayoutStore> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return LayoutStore.init(dir);
}

test('open refuses a directory without a layout; init makes one that open accepts', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await assert.rejects(LayoutStore.open(dir), { code: 'E_STORE' });
  await LayoutStore.open(dir, { create: true });
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'oci-layout'), 'utf8')), {
    imageLayoutVersion: '1.0.0',
  });
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')).manifests, []);
  const again = await LayoutStore.open(dir);
  assert.equal(again.name, `oci:${dir}`);
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"2.0.0"}');
  await assert.rejects(LayoutStore.open(dir), { code: 'E_STORE' });
});

test('tag normalises names; resolve finds full, short and digest references', async (t) => {
  const store = await tempStore(t);
  const img = makeIndex({ seed: 'resolve' });
  await pushImage(store, img, 'nginx:1.25');
  const index = JSON.parse(await readFile(join(store.root, 'index.json'), 'utf8'));
  assert.equal(
    index.manifests[0].annotations['org.opencontainers.image.ref.name'],
    'docker.io/library/nginx:1.25',
  );
  assert.equal(index.manifests[0].annotations['io.containerd.image.name'], 'docker.io/library/nginx:1.25');
  for (const name of [
    'nginx:1.25',
    'docker.io/library/nginx:1.25',
    img.root.digest,
    `nginx@${img.root.digest}`,
  ]) {
    assert.deepEqual(await store.resolve(name), img.root, name);
  }
  const child = img.images[0].root;
  assert.deepEqual(
    await store.resolve(child.digest),
    child,
    'untagged manifest by digest: media type sniffed',
  );
  await assert.rejects(store.resolve('nginx:1.26'), { code: 'E_NOT_FOUND' });
  await assert.rejects(store.tag(img.root, 'Bad Name!'), { code: 'E_REFERENCE' });
});

test('tag refuses a root whose graph is incomplete', async (t) => {
  const store = await tempStore(t);
  const img = makeImage({ seed: 'incomplete' });
  const order = pushOrder(img);
  for (const d of order.slice(1)) await store.push(d, Readable.from([img.blobs.get(d.digest) as Buffer]));
  await assert.rejects(store.tag(img.root, 'app:v1'), (e: { code: string; context: { digest?: string } }) => {
    assert.equal(e.code, 'E_NOT_FOUND');
    assert.equal(e.context.digest, order[0].digest);
    return true;
  });
  assert.deepEqual(await store.tags(), []);
});

test('fetch verifies bytes as they are read', async (t) => {
  const store = await tempStore(t);
  const img = makeImage({ seed: 'fetch', layerSize: 4096 });
  await pushImage(store, img, 'app:v1');
  const layer = pushOrder(img)[0];
  assert.deepEqual(await readAll(await store.fetch(layer)), img.blobs.get(layer.digest));
  const bytes = Buffer.from(img.blobs.get(layer.digest) as Buffer);
  bytes[100] ^= 1;
  await writeFile(blobPath(store.root, layer.digest), bytes);
  await assert.rejects(readAll(await store.fetch(layer)), { code: 'E_DIGEST_MISMATCH' });
  await assert.rejects(store.fetch({ ...layer, digest: `sha256:${'e'.repeat(64)}` }), {
    code: 'E_NOT_FOUND',
  });
});

test('list shows reference, digest, media type, platforms and total size', async (t) => {
  const store = await tempStore(t);
  const idx = makeIndex({ seed: 'list' });
  const single = makeImage({ seed: 'list-1', platform: { os: 'linux', architecture: 'arm64' } });
  await pushImage(store, idx, 'quay.io/org/multi:1');
  await pushImage(store, single, 'registry.local:5000/single:2');
  const rows = await store.list();
  assert.deepEqual(
    rows.map((r) => [r.reference, r.digest, r.platforms.map((p) => p.architecture), r.incomplete]),
    [
      ['quay.io/org/multi:1', idx.root.digest, ['amd64', 'arm64'], false],
      ['registry.local:5000/single:2', single.root.digest, ['arm64'], false],
    ],
  );
  assert.equal(
    rows[0].totalSize,
    [...idx.blobs.values()].reduce((n, b) => n + b.length, 0),
  );
  assert.equal(rows[0].mediaType, idx.root.mediaType);
});

test('untag then gc removes what no reference reaches, keeps shared and young blobs', async (t) => {
  const store = await tempStore(t);
  const a = makeImage({ seed: 'gc-shared', layers: 2 });
  const b = makeImage({ seed: 'gc-shared', layers: 3 }); // layers 0 and 1 are a's
  await pushImage(store, a, 'a:1');
  await pushImage(store, b, 'b:1');
  assert.equal(await store.untag('b:1'), true);
  assert.equal(await store.untag('b:1'), false);
  const young = await store.gc();
  assert.equal(young.removedBlobs.length, 0);
  assert.equal(young.keptYoung, 3, "b's manifest, config and third layer are younger than the grace period");
  const report = await store.gc({ graceMs: 0 });
  assert.equal(report.removedBlobs.length, 3);
  assert.ok((await store.fsck()).ok);
  await assert.rejects(store.resolve('b:1'), { code: 'E_NOT_FOUND' });
  assert.deepEqual(await store.resolve('a:1'), a.root);
});

test('gc removes ingest files of dead processes and old ones, keeps a live writer’s', async (t) => {
  const store = await tempStore(t);
  const dir = join(store.root, 'ingest');
  await mkdir(dir, { recursive: true });
  const dead = 'abcd.999999999.1234.part';
  const live = `abcd.${process.ppid}.5678.part`;
  const old = `abcd.${process.ppid}.9999.part`;
  for (const f of [dead, live, old]) await writeFile(join(dir, f), 'partial');
  const past = new Date(Date.now() - 3_600_000);
  await utimes(join(dir, old), past, past);
  // Leftovers of a process killed while replacing index.json or taking the lock.
  const leftovers = [
    'index.json.999999999.ab12.tmp',
    'index.json.lock.999999999.cd34.tmp',
    'index.json.lock.stale.999999999.ef56',
  ];
  const liveTmp = `index.json.${process.ppid}.ab12.tmp`;
  for (const f of [...leftovers, liveTmp]) await writeFile(join(store.root, f), '{}');
  const report = await store.gc();
  assert.deepEqual(report.removedIngest.sort(), [dead, old, ...leftovers].sort());
  assert.ok((await readdir(store.root)).includes(liveTmp));
  assert.equal((await store.fsck()).ingestFiles, 1);
});

test('fsck finds corrupt and missing blobs; repair deletes corrupt ones', async (t) => {
  const store = await tempStore(t);
  const img = makeImage({ seed: 'fsck', layers: 3 });
  await pushImage(store, img, 'app:v1');
  const healthy = await store.fsck();
  assert.equal(healthy.ok, true);
  assert.equal(healthy.blobsChecked, img.blobs.size);
  const [l0, l1] = pushOrder(img);
  await writeFile(blobPath(store.root, l0.digest), 'garbage');
  await rm(blobPath(store.root, l1.digest));
  await writeFile(join(store.root, 'blobs', 'sha256', 'not-a-digest'), 'x');
  const report = await store.fsck({ repair: true });
  assert.equal(report.ok, false);
  const kinds = report.problems.map((p) => `${p.kind}:${p.digest ?? ''}`).sort();
  assert.deepEqual(
    kinds,
    [`corrupt:${l0.digest}`, `missing:${l0.digest}`, `missing:${l1.digest}`, 'stray:'].sort(),
  );
  assert.equal(report.problems.find((p) => p.kind === 'corrupt')?.repaired, true);
  assert.equal(await store.exists(l0), false);
  assert.equal((await store.list())[0].incomplete, true);
});

test('concurrent tags in one process all land in index.json', async (t) => {
  const store = await tempStore(t);
  const img = makeImage({ seed: 'many-tags' });
  await pushImage(store, img, 'base:0');
  await Promise.all(Array.from({ length: 25 }, (_, i) => store.tag(img.root, `org/app:${i}`)));
  const tags = await store.tags();
  assert.equal(tags.length, 26);
  for (let i = 0; i < 25; i++) assert.ok(tags.includes(`docker.io/org/app:${i}`));
});
