/**
 * Round trips against the real registry (Debian docker-registry): store → registry → store →
 * another repository → store, digests unchanged; mounts between repositories; platform subsets;
 * and skopeo pulling from the registry into our store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copy, copyImages } from '../../../src/copy/index.js';
import { closeAllClients, openRepository } from '../../../src/registry/index.js';
import { LayoutStore } from '../../../src/store/index.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { requireTool } from '../../helpers/require-tool.js';
import { makeImage, makeIndex, pushImage } from '../../helpers/test-images.js';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-roundtrip-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('store → registry → store → another repository → store keeps every digest', async (t) => {
  const reg = await startRegistry(t);
  if (!reg) return;
  t.after(closeAllClients);
  const dir = await tempDir(t);
  const first = await LayoutStore.init(join(dir, 'first'));
  const multi = makeIndex({ seed: 'rt-multi', layers: 3, layerSize: 300_000 });
  const single = makeImage({ seed: 'rt-single', layers: 2, layerSize: 100_000 });
  await pushImage(first, multi, 'docker.io/org/multi:1');
  await pushImage(first, single, 'docker.io/org/single:1');
  const repo = (path: string) => openRepository(`${reg.host}/${path}`, { plainHttp: true });

  const pushed = await copyImages([
    { src: first, srcRef: 'org/multi:1', dst: repo('org/multi'), dstRef: '1' },
    { src: first, srcRef: 'org/single:1', dst: repo('org/single'), dstRef: '1' },
  ]);
  assert.deepEqual(
    pushed.map((r) => [r.status, r.digest]),
    [
      ['done', multi.root.digest],
      ['done', single.root.digest],
    ],
  );

  const second = await LayoutStore.init(join(dir, 'second'));
  const pulled = await copy(repo('org/multi'), '1', second, `${reg.host}/org/multi:1`);
  assert.equal(pulled.digest, multi.root.digest);
  assert.deepEqual(await second.resolve(`${reg.host}/org/multi:1`), multi.root);

  const again = await copy(repo('org/multi'), '1', second, `${reg.host}/org/multi:1`);
  assert.equal(again.status, 'skipped');
  assert.equal(again.bytesTransferred, 0);
  assert.equal(again.bytesSkipped, pulled.bytesTransferred);

  const moved = await copy(second, `${reg.host}/org/multi:1`, repo('mirror/multi'), '1');
  assert.equal(moved.digest, multi.root.digest);
  const mounted = await copy(repo('mirror/multi'), '1', repo('mounted/multi'), '1');
  assert.ok(mounted.blobsMounted >= 8, `mounted ${mounted.blobsMounted} blobs (2 configs + 6 layers)`);
  assert.equal(
    mounted.bytesTransferred,
    multi.root.size + multi.images[0].root.size + multi.images[1].root.size,
  );

  const third = await LayoutStore.init(join(dir, 'third'));
  const back = await copy(repo('mounted/multi'), '1', third, 'docker.io/org/multi:1');
  assert.equal(back.digest, multi.root.digest);
  assert.deepEqual(await third.resolve('org/multi:1'), multi.root);
  assert.ok((await third.fsck()).ok);
  assert.equal(
    (await third.list())[0].totalSize,
    [...multi.blobs.values()].reduce((n, b) => n + b.length, 0),
  );
});

test('pulling one platform from the registry stores and tags that platform’s manifest', async (t) => {
  const reg = await startRegistry(t);
  if (!reg) return;
  t.after(closeAllClients);
  const dir = await tempDir(t);
  const multi = makeIndex({ seed: 'rt-platform' });
  const src = openRepository(`${reg.host}/org/plat`, { plainHttp: true });
  await pushImage(src, multi, '1');
  const store = await LayoutStore.init(join(dir, 'store'));
  const r = await copy(src, '1', store, 'org/plat:arm64', { platforms: 'linux/arm64' });
  assert.equal(r.digest, multi.images[1].root.digest);
  assert.equal(r.digestChanged, true);
  assert.deepEqual((await store.list())[0].platforms, [{ os: 'linux', architecture: 'arm64' }]);
  await assert.rejects(copy(src, '1', store, 'org/plat:s390x', { platforms: 'linux/s390x' }), {
    code: 'E_PLATFORM',
  });
});

test('skopeo pulls from the registry into our store, and we read it by its full name', async (t) => {
  const skopeo = requireTool(t, 'skopeo');
  if (!skopeo) return;
  const reg = await startRegistry(t);
  if (!reg) return;
  t.after(closeAllClients);
  const dir = await tempDir(t);
  const img = makeIndex({ seed: 'rt-skopeo' });
  await pushImage(openRepository(`${reg.host}/org/sk`, { plainHttp: true }), img, '1');
  const store = await LayoutStore.init(join(dir, 'store'));
  execFileSync(skopeo, [
    'copy',
    '-q',
    '--all',
    '--preserve-digests',
    '--src-tls-verify=false',
    `docker://${reg.host}/org/sk:1`,
    `oci:${store.root}:${reg.host}/org/sk:1`,
  ]);
  const root = await store.resolve(`${reg.host}/org/sk:1`);
  assert.equal(root.digest, img.root.digest);
  assert.ok((await store.fsck()).ok);
  // And back out through our engine to a new repository, unchanged.
  const out = await copy(
    store,
    `${reg.host}/org/sk:1`,
    openRepository(`${reg.host}/org/sk2`, { plainHttp: true }),
    '1',
  );
  assert.equal(out.digest, img.root.digest);
});
