/** Several processes pulling different and overlapping images into one store at the same time lose nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CopyResult } from '../../../src/copy/types.js';
import { parseIndex } from '../../../src/store/index-file.js';
import { LayoutStore } from '../../../src/store/index.js';
import { runChild } from '../../helpers/run-copy-child.js';
import { makeImage, makeIndex, pushImage, type TestImage } from '../../helpers/test-images.js';

test('four processes copying overlapping images into one store: every reference present, fsck clean', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-multi-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const src = await LayoutStore.init(join(dir, 'src'));
  const images: Record<string, TestImage> = {
    'org/a:1': makeImage({ seed: 'mp-a', layers: 4, layerSize: 256 * 1024 }),
    'org/b:1': makeImage({ seed: 'mp-a', layers: 6, layerSize: 256 * 1024 }), // shares a's four layers
    'org/c:1': makeIndex({ seed: 'mp-c', layers: 3, layerSize: 128 * 1024 }),
    'org/d:1': makeImage({ seed: 'mp-d', layers: 2, layerSize: 512 * 1024 }),
  };
  for (const [ref, img] of Object.entries(images)) await pushImage(src, img, ref);
  const dst = join(dir, 'dst');
  const plans: [string, string][][] = [
    [
      ['org/a:1', 'org/a:1'],
      ['org/b:1', 'org/b:1'],
      ['org/c:1', 'p1/c:1'],
    ],
    [
      ['org/b:1', 'org/b:1'],
      ['org/c:1', 'org/c:1'],
      ['org/d:1', 'p2/d:1'],
    ],
    [
      ['org/c:1', 'org/c:1'],
      ['org/d:1', 'org/d:1'],
      ['org/a:1', 'p3/a:1'],
    ],
    [
      ['org/d:1', 'org/d:1'],
      ['org/a:1', 'org/a:1'],
      ['org/b:1', 'p4/b:1'],
    ],
  ];
  const runs = await Promise.all(
    plans.map((images) => runChild({ src: src.root, dst, images, concurrency: 3, throttleMs: 1 })),
  );
  for (const r of runs) assert.equal(r.code, 0, r.stderr);

  const store = await LayoutStore.open(dst);
  const want = new Map<string, string>();
  for (const plan of plans) for (const [s, d] of plan) want.set(`docker.io/${d}`, images[s].root.digest);
  const index = parseIndex(await readFile(join(dst, 'index.json'), 'utf8'));
  assert.equal(index.manifests.length, want.size, 'one entry per name, none lost, none doubled');
  for (const [name, digest] of want) assert.equal((await store.resolve(name)).digest, digest, name);
  const report = await store.fsck();
  assert.ok(report.ok, JSON.stringify(report.problems));
  assert.equal(report.ingestFiles, 0);

  // Blobs shared between images were written to the store once each; the others found them there.
  const moved = runs
    .flatMap((r) => JSON.parse(r.stdout) as CopyResult[])
    .reduce((n, r) => n + r.bytesTransferred, 0);
  const distinct = new Map<string, number>();
  for (const img of Object.values(images)) for (const [d, b] of img.blobs) distinct.set(d, b.length);
  const storeBytes = [...distinct.values()].reduce((n, s) => n + s, 0);
  t.diagnostic(`moved ${moved} bytes for ${storeBytes} distinct bytes`);
  assert.ok(moved >= storeBytes);
});
