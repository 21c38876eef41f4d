import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LayoutStore } from '../../../src/store/index.js';
import { isManifest } from '../../../src/oci/media-types.js';
import { makeImage, makeIndex, pushOrder, type TestImage } from '../../helpers/test-images.js';

/** writeKubeKey lays images out the way KubeKey's local image transport does. */
async function writeKubeKey(
  dir: string,
  images: { repo: string; tag: string; img: TestImage; style: 'tag-file' | 'layout' }[],
): Promise<void> {
  await mkdir(join(dir, 'blobs'), { recursive: true });
  for (const { repo, tag, img, style } of images) {
    const mdir = join(dir, repo, 'manifests');
    await mkdir(mdir, { recursive: true });
    for (const d of pushOrder(img)) {
      const bytes = img.blobs.get(d.digest) as Buffer;
      if (!isManifest(d.mediaType)) await writeFile(join(dir, 'blobs', d.digest), bytes);
      else if (d.digest !== img.root.digest || style === 'layout')
        await writeFile(join(mdir, d.digest), bytes);
    }
    if (style === 'tag-file') await writeFile(join(mdir, tag), img.blobs.get(img.root.digest) as Buffer);
    else await writeFile(join(mdir, 'layout'), JSON.stringify({ [tag]: img.root.digest }));
  }
}

test('importKubeKey imports tag files and layout files, re-hashing everything', async (t) => {
  const base = await mkdtemp(join(tmpdir(), 'deckhand-kk-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const kk = join(base, 'kubekey');
  const single = makeImage({ seed: 'kk-single' });
  const multi = makeIndex({ seed: 'kk-multi' });
  const broken = makeImage({ seed: 'kk-broken', layers: 1 });
  await writeKubeKey(kk, [
    { repo: 'docker.io/library/nginx', tag: '1.25', img: single, style: 'tag-file' },
    { repo: 'registry.local:5000/org/app', tag: 'v1', img: multi, style: 'layout' },
    { repo: 'quay.io/broken/img', tag: 'x', img: broken, style: 'tag-file' },
  ]);
  // Make one image incomplete, and one blob lie about its name.
  const brokenLayer = pushOrder(broken)[1];
  await rm(join(kk, 'blobs', brokenLayer.digest));
  await writeFile(join(kk, 'blobs', `sha256:${'0'.repeat(64)}`), 'not what the name says');

  const store = await LayoutStore.init(join(base, 'store'));
  const report = await store.importKubeKey(kk);
  assert.deepEqual(report.imported.map((i) => [i.reference, i.digest]).sort(), [
    ['docker.io/library/nginx:1.25', single.root.digest],
    ['registry.local:5000/org/app:v1', multi.root.digest],
  ]);
  assert.deepEqual(
    report.skipped.map((s) => s.reference),
    [`blobs/sha256:${'0'.repeat(64)}`, 'quay.io/broken/img:x'],
  );
  assert.deepEqual(await store.resolve('nginx:1.25'), single.root);
  assert.deepEqual(await store.resolve('registry.local:5000/org/app:v1'), multi.root);
  assert.equal((await store.fsck()).ok, true);
  assert.deepEqual(
    (await store.list()).find((r) => r.reference === 'registry.local:5000/org/app:v1')?.platforms.length,
    2,
  );
});

test('importKubeKey refuses a directory without blobs/', async (t) => {
  const base = await mkdtemp(join(tmpdir(), 'deckhand-kk-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const store = await LayoutStore.init(join(base, 'store'));
  await assert.rejects(store.importKubeKey(join(base, 'nothing')), { code: 'E_STORE' });
});
